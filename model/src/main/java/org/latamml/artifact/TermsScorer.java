package org.latamml.artifact;

/**
 * A model's probabilities computed in Java from its card's terms, the way its ONNX graph computes
 * them; served only once it agrees with the graph ({@link GraphParity}).
 */
interface TermsScorer {
  /** How many inputs a row has. */
  int width();

  /** The probabilities of {@code count} rows laid end to end in {@code flat}. */
  double[] probabilities(float[] flat, int count);

  /**
   * Values of {@code input} that {@link GraphParity}'s rows try, with the floats either side of
   * each, besides 0, 1 and the card's probes' values: where the scorer's arithmetic could part from
   * the graph's.
   */
  float[] edgesOf(int input);

  /** Whether rows with missing inputs (NaN) are compared: the scorer gives them a meaning. */
  boolean readsMissing();

  /** What of the card it scores from, as messages name it: "trees" or "weights". */
  String terms();
}
