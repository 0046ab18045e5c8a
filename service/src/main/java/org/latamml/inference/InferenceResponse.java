package org.latamml.inference;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * The Open Inference Protocol's inference response ({@code $inference_response}).
 *
 * @param modelName {@code latam-flight-delay}
 * @param modelVersion the version that answered; several, comma-separated, when a canary's
 *     challenger answered some of the flights (also in {@code X-Model-Version})
 * @param id the request's {@code id}, when it gave one
 * @param outputs the outputs, each with one value per flight
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InferenceResponse(
    @JsonInclude(JsonInclude.Include.ALWAYS) String modelName,
    @JsonInclude(JsonInclude.Include.ALWAYS) String modelVersion,
    String id,
    @JsonInclude(JsonInclude.Include.ALWAYS) List<Tensor> outputs) {

  /**
   * One output tensor ({@code $response_output}).
   *
   * @param name its name
   * @param datatype {@code FP32}, {@code BOOL}, or {@code BYTES} (each flight's model version)
   * @param shape {@code [N]}
   * @param data its values, one per flight
   */
  public record Tensor(String name, String datatype, List<Long> shape, Object data) {}
}
