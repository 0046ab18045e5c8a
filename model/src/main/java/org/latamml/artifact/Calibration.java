package org.latamml.artifact;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;

/**
 * How a model's probabilities were calibrated and its threshold chosen; the calibrator itself is
 * part of the ONNX graph, so every consumer of the file gets calibrated probabilities.
 *
 * @param method {@code platt}, {@code isotonic} or {@code none}
 * @param parameters the fitted calibrator's parameters
 * @param rows how many calibration rows it was fitted on: the training rows, each scored by a model
 *     fitted without it ({@code folds}-fold cross-validation)
 * @param folds the folds of that cross-validation
 * @param heldOutEce each candidate method's calibration error on calibration rows it was not fitted
 *     on, when the method was chosen by it
 * @param thresholdRule how the card's threshold was chosen
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Calibration(
    String method,
    Map<String, Object> parameters,
    int rows,
    int folds,
    Map<String, Double> heldOutEce,
    String thresholdRule) {}
