package org.latamml.training;

import java.util.Map;
import java.util.Optional;
import org.latamml.calibration.Calibrator;
import org.latamml.calibration.Uncalibrated;
import org.latamml.explanation.LinearTerms;
import org.latamml.explanation.TreeTerms;

/** A model fresh from a trainer: scores rows by its own library and exports itself to ONNX. */
public interface TrainedModel {

  /** The algorithm's name, as {@code train --algorithm} takes it. */
  String algorithm();

  /** The settings it was trained with, for its card. */
  Map<String, Object> settings();

  /** Probabilities of class 1 (delayed), computed by the library that trained it. */
  double[] score(float[][] rows);

  /** A linear model's intercept and weights, as its ONNX graph holds them; empty for others. */
  default Optional<LinearTerms> linearTerms() {
    return Optional.empty();
  }

  /**
   * A boosted-tree model's trees with their covers, as its ONNX graph holds them; empty for others.
   */
  default Optional<TreeTerms> treeTerms() {
    return Optional.empty();
  }

  /** Log-odds of class 1: the model's score before its final sigmoid. */
  default double[] logOdds(float[][] rows) {
    return Calibrator.logOdds(score(rows));
  }

  /**
   * The model as an ONNX graph taking float input {@code features} [N, width] and giving {@code
   * probability} [N, 1], its log-odds mapped through {@code calibrator}. The same model always
   * gives the same bytes.
   */
  byte[] toOnnx(String version, Calibrator calibrator);

  /** The model as an ONNX graph giving its own, uncalibrated probabilities. */
  default byte[] toOnnx(String version) {
    return toOnnx(version, new Uncalibrated());
  }
}
