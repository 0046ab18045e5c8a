package org.latamml.artifact;

/**
 * One input row of a model and the probability its maker computed for it: a service that loads the
 * model's graph must reproduce it (within {@link #TOLERANCE}) before serving it.
 *
 * @param features the row, in the order of the card's features
 * @param probability the probability of delay its maker computed
 */
// A row is written once and compared element by element, never as a whole.
@SuppressWarnings("ArrayRecordComponent")
public record Probe(float[] features, double probability) {

  /** How far a graph's probability may be from a probe's. */
  public static final double TOLERANCE = 1e-6;
}
