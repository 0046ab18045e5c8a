package org.latamml.artifact;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Objects;

/**
 * Where a model's ONNX graph takes its input and gives the probability of delay.
 *
 * @param input name of the float input of shape [N, features]
 * @param output name of the output holding probabilities: a float tensor [N], [N, 1] or [N, k], or
 *     a sequence of maps from class to probability (scikit-learn's ZipMap)
 * @param positiveClassIndex for a tensor [N, k], the column of class 1; for a sequence of maps, the
 *     key of class 1; ignored for [N] and [N, 1]
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OnnxSignature(String input, String output, int positiveClassIndex) {

  /** The input and output names our trainer writes. */
  public static final OnnxSignature TRAINER = new OnnxSignature("features", "probability", 0);

  /** Checks that the names are given. */
  public OnnxSignature {
    Objects.requireNonNull(input, "onnx.input");
    Objects.requireNonNull(output, "onnx.output");
  }
}
