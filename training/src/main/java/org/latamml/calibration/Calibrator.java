package org.latamml.calibration;

import java.util.Map;

/**
 * Maps a model's log-odds (its score before the final sigmoid) to a probability of delay that
 * matches how often flights so scored were delayed. Part of the model's ONNX graph.
 */
public sealed interface Calibrator permits PlattScaling, IsotonicCalibration, Uncalibrated {

  /** The method's name, as {@code train --calibration} takes it. */
  String method();

  /** The calibrated probability of delay for a log-odds. */
  double probability(double logOdds);

  /** The fitted parameters, for the model's card. */
  Map<String, Object> parameters();

  /** The calibrated probabilities of many log-odds. */
  default double[] probabilities(double[] logOdds) {
    double[] probabilities = new double[logOdds.length];
    for (int i = 0; i < logOdds.length; i++) {
      probabilities[i] = probability(logOdds[i]);
    }
    return probabilities;
  }

  /** The log-odds of a probability: the inverse of the sigmoid. */
  static double logOdds(double probability) {
    return Math.log(probability) - Math.log1p(-probability);
  }

  /** The log-odds of many probabilities. */
  static double[] logOdds(double[] probabilities) {
    double[] logOdds = new double[probabilities.length];
    for (int i = 0; i < probabilities.length; i++) {
      logOdds[i] = logOdds(probabilities[i]);
    }
    return logOdds;
  }

  /**
   * Checks that every log-odds is a finite number, as fitting needs.
   *
   * @throws IllegalArgumentException naming the first that is not
   */
  static void requireFinite(double[] logOdds) {
    for (int i = 0; i < logOdds.length; i++) {
      if (!Double.isFinite(logOdds[i])) {
        throw new IllegalArgumentException(
            "calibration needs finite log-odds; row " + (i + 1) + " has " + logOdds[i]);
      }
    }
  }

  /** The logistic function. */
  static double sigmoid(double logOdds) {
    return 1 / (1 + Math.exp(-logOdds));
  }
}
