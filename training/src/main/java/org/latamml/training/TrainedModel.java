package org.latamml.training;

import java.util.Map;

/** A model fresh from a trainer: scores rows by its own library and exports itself to ONNX. */
public interface TrainedModel {

  /** The algorithm's name, as {@code train --algorithm} takes it. */
  String algorithm();

  /** The settings it was trained with, for its card. */
  Map<String, Object> settings();

  /** Probabilities of class 1 (delayed), computed by the library that trained it. */
  double[] score(float[][] rows);

  /**
   * The model as an ONNX graph taking float input {@code features} [N, width] and giving {@code
   * probability} [N, 1]. The same model always gives the same bytes.
   */
  byte[] toOnnx(String version);
}
