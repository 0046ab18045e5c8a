package org.latamml.prediction;

import org.latamml.problem.InvalidInputProblem;

/** Reads the {@code explain} query parameter the prediction routes share. */
public final class ExplainParameter {
  private ExplainParameter() {}

  /**
   * Whether explanations are asked for: {@code true} or {@code false}, absent meaning false.
   *
   * @throws InvalidInputProblem for any other value
   */
  public static boolean parse(String value) {
    if (value == null || value.equals("false")) {
      return false;
    }
    if (value.equals("true")) {
      return true;
    }
    throw new InvalidInputProblem("explain", "must be true or false");
  }
}
