package org.latamml.explanation;

import java.util.List;

/**
 * A linear model's log-odds, written out so that each prediction can be explained exactly: {@code
 * log-odds = bias + Σ weights[j] · input[j]}, before any calibration.
 *
 * @param bias the intercept
 * @param weights one per input, in the card's feature order
 */
public record LinearTerms(double bias, List<Double> weights) {

  /** Copies the weights, so that the terms stay as they were made. */
  public LinearTerms {
    weights = List.copyOf(weights);
  }
}
