package org.latamml.inference;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.latamml.app.FastJson;
import org.latamml.flight.Flight;
import org.latamml.prediction.BatchPredictionResource;
import org.latamml.prediction.FlightFeatures;
import org.latamml.problem.BadRequestProblem;
import org.latamml.problem.FieldChecks;
import org.latamml.problem.Problem;

/**
 * The flights an inference request's input columns describe and the outputs it asks for, every
 * column checked: one set of checks, and of messages, for the route's resource and for its answer
 * on the event loop.
 */
final class InferenceInputs {
  static final List<String> REQUIRED = List.of("airline", "flight_type", "scheduled_departure");
  static final Set<String> INPUTS =
      Set.of("airline", "flight_type", "scheduled_departure", "destination", "flight_number");

  /** The outputs given when a request names none: the model's own. */
  static final Set<String> OUTPUTS = Set.of("probability", "delayed");

  /**
   * Every output a request may name: the model's, and {@code model_version}, the version that
   * answered each flight (the fallback's for a flight the rich model could not score), given only
   * when named, since it is a text a flight and its clients told apart by the response's own.
   */
  static final Set<String> NAMED_OUTPUTS = Set.of("probability", "delayed", "model_version");

  private InferenceInputs() {}

  /**
   * One input column as read: its values either already text ({@link PlainInferenceReader}) or
   * still the request's JSON ({@code data}), checked here.
   *
   * @param name its name
   * @param shape its shape
   * @param datatype its element type
   * @param data its values as JSON, when {@code values} is null
   * @param values its values as text, or null
   */
  record Column(
      String name, List<Long> shape, String datatype, JsonNode data, List<String> values) {}

  /** The flights the columns describe, every column checked. */
  static List<Flight> flightsOf(List<Column> inputs) {
    if (inputs == null || inputs.isEmpty()) {
      throw problem("inputs is required: " + String.join(", ", REQUIRED));
    }
    Map<String, List<String>> columns = new HashMap<>();
    int count = -1;
    for (int at = 0; at < inputs.size(); at++) {
      Column input = inputs.get(at);
      if (input.name() == null || input.name().length() > 64) {
        throw problem("every input needs a name");
      }
      String name = input.name();
      // A name not the model's is named by its place: no error gives back the request's text.
      if (!INPUTS.contains(name)) {
        throw problem(
            "inputs["
                + at
                + "] is not one of the model's inputs, "
                + INPUTS.stream().sorted().collect(Collectors.joining(", ")));
      }
      if (columns.containsKey(name)) {
        throw problem("input '" + name + "' given twice");
      }
      if (!"BYTES".equals(input.datatype())) {
        throw problem("input '" + name + "' must have datatype BYTES");
      }
      List<String> values = input.values() != null ? input.values() : valuesOf(name, input.data());
      checkShape(name, input.shape(), values.size());
      if (count >= 0 && values.size() != count) {
        throw problem(
            "input '" + name + "' holds " + values.size() + " values, the others " + count);
      }
      count = values.size();
      columns.put(name, values);
    }
    for (String required : REQUIRED) {
      if (!columns.containsKey(required)) {
        throw problem("input '" + required + "' is required");
      }
    }
    String wrongCount =
        FieldChecks.countOutOfRange(count, BatchPredictionResource.MAX_FLIGHTS, "flights");
    if (wrongCount != null) {
      throw problem("inputs " + wrongCount);
    }
    List<String> airlines = columns.get("airline");
    List<String> types = columns.get("flight_type");
    List<String> times = columns.get("scheduled_departure");
    List<String> destinations = columns.get("destination");
    List<String> numbers = columns.get("flight_number");
    List<Flight> flights = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      FlightFeatures features =
          new FlightFeatures(
              airlines.get(i),
              types.get(i),
              timeAt(times, i),
              destinations == null ? null : destinations.get(i),
              numbers == null ? null : numbers.get(i));
      List<Problem.FieldError> errors = features.problems("value " + i + " of input");
      if (!errors.isEmpty()) {
        throw problem(
            errors.stream()
                .map(e -> e.field() + ": " + e.detail())
                .collect(Collectors.joining("; ")));
      }
      flights.add(features.toFlight());
    }
    return flights;
  }

  /** The outputs named, in their order; every output when none is named. */
  static Set<String> outputsOf(List<String> names) {
    if (names == null || names.isEmpty()) {
      return OUTPUTS;
    }
    Set<String> wanted = new LinkedHashSet<>();
    for (int at = 0; at < names.size(); at++) {
      String name = names.get(at);
      if (name == null || !NAMED_OUTPUTS.contains(name)) {
        throw problem(
            "outputs[" + at + "] is not one of the outputs, probability, delayed, model_version");
      }
      wanted.add(name);
    }
    return wanted;
  }

  /** Flight {@code i}'s scheduled departure. */
  private static LocalDateTime timeAt(List<String> times, int i) {
    String text = times.get(i);
    // The common form read digit by digit; LocalDateTime.parse reads it the same, and the rest.
    LocalDateTime plain = FastJson.plainLocalTime(text);
    if (plain != null) {
      return plain;
    }
    try {
      return LocalDateTime.parse(text);
    } catch (DateTimeParseException e) {
      throw problem(
          "input 'scheduled_departure' value "
              + i
              + " must be a local time such as 2017-03-01T10:00:00");
    }
  }

  /** The values of a column, flat or nested one level ({@code [N]} or {@code [N, 1]}). */
  private static List<String> valuesOf(String name, JsonNode data) {
    if (data == null || !data.isArray()) {
      throw problem("input '" + name + "' needs data: an array of strings");
    }
    List<String> values = new ArrayList<>(data.size());
    for (JsonNode element : data) {
      JsonNode value = element.isArray() && element.size() == 1 ? element.get(0) : element;
      if (!value.isTextual()) {
        throw problem("input '" + name + "' value " + values.size() + " must be a string");
      }
      values.add(value.asText());
    }
    return values;
  }

  private static void checkShape(String name, List<Long> shape, int count) {
    boolean fits =
        shape != null
            && !shape.contains(null)
            && ((shape.size() == 1 && shape.get(0) == count)
                || (shape.size() == 2 && shape.get(0) == count && shape.get(1) == 1));
    if (!fits) {
      throw problem(
          "input '"
              + name
              + "' holds "
              + count
              + " values: its shape must be ["
              + count
              + "] (or ["
              + count
              + ", 1])");
    }
  }

  private static BadRequestProblem problem(String detail) {
    return new BadRequestProblem("invalid-inference-request", detail);
  }
}
