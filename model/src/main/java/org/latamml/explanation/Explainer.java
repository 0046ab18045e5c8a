package org.latamml.explanation;

/** Explains a model's score of one flight as each input's share of its log-odds. */
public interface Explainer {

  /** The explanation of one encoded row (the model's inputs for a flight) at {@code offset}. */
  Explanation explain(float[] row, int offset);
}
