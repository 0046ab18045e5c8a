package org.latamml.inference;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The Open Inference Protocol's inference request ({@code $inference_request}).
 *
 * @param id the caller's identifier, returned in the response
 * @param parameters the request's parameters; none is defined here, and any is ignored
 * @param inputs the input tensors, each a column of the flights
 * @param outputs the outputs wanted; all when absent
 */
public record InferenceRequest(
    String id, Map<String, Object> parameters, List<Input> inputs, List<Output> outputs) {

  /**
   * One input tensor ({@code $request_input}).
   *
   * @param name its name
   * @param shape its shape: {@code [N]} (or {@code [N, 1]}) for N flights
   * @param datatype {@code BYTES}: every input here is text
   * @param parameters its parameters, ignored
   * @param data its N values, flat or nested
   */
  public record Input(
      String name,
      List<Long> shape,
      String datatype,
      Map<String, Object> parameters,
      @Schema(
              type = SchemaType.ARRAY,
              description = "its N values, flat or nested: text (BYTES)",
              examples = {"[\"Grupo LATAM\", \"Sky Airline\"]"})
          JsonNode data) {}

  /**
   * One output wanted ({@code $request_output}).
   *
   * @param name {@code probability} or {@code delayed}
   * @param parameters its parameters, ignored
   */
  public record Output(String name, Map<String, Object> parameters) {}
}
