package org.latamml.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.latamml.flight.Flight;
import org.latamml.problem.BadRequestProblem;
import org.latamml.testing.AppJson;

/**
 * The plain reader of inference requests reads what the app's mapper reads, to the same flights, id
 * and outputs or the same refusal, or hands the body back (null) for the route's resource to read
 * with the mapper.
 */
class PlainInferenceReaderTest {
  private static final ObjectMapper MAPPER = AppJson.mapper();
  private static final ObjectReader REQUESTS =
      MAPPER.readerFor(InferenceRequest.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final PlainInferenceReader PLAIN = new PlainInferenceReader(MAPPER.getFactory());

  private static String input(String name, String shape, String... values) {
    return "{\"name\": \""
        + name
        + "\", \"shape\": "
        + shape
        + ", \"datatype\": \"BYTES\", \"data\": ["
        + String.join(", ", values)
        + "]}";
  }

  private static final String AIRLINES =
      input("airline", "[2]", "\"Grupo LATAM\"", "\"Sky Airline\"");
  private static final String TYPES = input("flight_type", "[2]", "\"I\"", "\"N\"");
  private static final String TIMES =
      input("scheduled_departure", "[2]", "\"2017-03-01T10:00:00\"", "\"2017-07-14T19:30:00\"");

  private static String request(String... inputs) {
    return body("", inputs);
  }

  /** A request of {@code inputs}, with {@code keys} (each followed by a comma) before them. */
  private static String body(String keys, String... inputs) {
    return "{" + keys + "\"inputs\": [" + String.join(", ", inputs) + "]}";
  }

  /** What a request comes to: its flights (or the refusal's message), id and outputs. */
  private record Reading(List<Flight> flights, String refusal, String id, Set<String> outputs) {}

  private static Reading viaMapper(byte[] body) throws Exception {
    InferenceRequest request = REQUESTS.readValue(body);
    try {
      return new Reading(
          InferenceProtocolResource.flightsOf(request),
          null,
          request.id(),
          InferenceProtocolResource.outputsOf(request));
    } catch (BadRequestProblem refused) {
      return new Reading(null, refused.getMessage(), request.id(), null);
    }
  }

  private static Reading viaPlainReader(PlainInferenceReader.Request request) {
    try {
      return new Reading(
          InferenceInputs.flightsOf(request.inputs()),
          null,
          request.id(),
          InferenceInputs.outputsOf(request.outputs()));
    } catch (BadRequestProblem refused) {
      return new Reading(null, refused.getMessage(), request.id(), null);
    }
  }

  static Stream<String> commonBodies() {
    return Stream.of(
        body("\"id\": \"42\", ", AIRLINES, TYPES, TIMES),
        body("\"outputs\": [], ", TIMES, TYPES, AIRLINES),
        body(
            "\"outputs\": [{\"name\": \"delayed\"}], \"id\": \"\\u0034\\u0032\", ",
            AIRLINES,
            TYPES,
            TIMES),
        request(
                AIRLINES,
                TYPES,
                TIMES,
                input("destination", "[2, 1]", "\"SAEZ\"", "\"SCFA\""),
                input("flight_number", "[2]", "\"226\"", "\"11\""))
            .replace(", ", ",")
            .replace(": ", ":"),
        // Not the plain time: read by LocalDateTime.parse, on both sides.
        request(
            AIRLINES,
            TYPES,
            input(
                "scheduled_departure", "[2]", "\"2017-03-01T10:00\"", "\"2017-07-14T19:30:00.0\"")),
        // Of the common shape, and refused by the checks with the same message.
        request(),
        "{}",
        request(AIRLINES, TYPES),
        request(AIRLINES, AIRLINES, TYPES, TIMES),
        request(AIRLINES, TYPES, TIMES, input("seats", "[2]", "\"1\"", "\"2\"")),
        request(AIRLINES, TYPES, TIMES.replace("BYTES", "FP32")),
        request(AIRLINES, input("flight_type", "[1]", "\"I\""), TIMES),
        request(AIRLINES, input("flight_type", "[2, 2]", "\"I\"", "\"N\""), TIMES),
        request(AIRLINES, input("flight_type", "[2]", "\"X\"", "\"N\""), TIMES),
        request(AIRLINES, TYPES, TIMES.replace("2017-07-14T19:30:00", "noon")),
        request(AIRLINES, TYPES, TIMES.replace("2017-07-14", "2017-02-30")),
        request(
            input("airline", "[0]"),
            input("flight_type", "[0]"),
            input("scheduled_departure", "[0]")),
        body("\"outputs\": [{\"name\": \"output0\"}], ", AIRLINES, TYPES, TIMES),
        request(AIRLINES.replace("\"name\": \"airline\", ", "")));
  }

  @ParameterizedTest
  @MethodSource("commonBodies")
  void readsCommonBodiesAsTheMapperReadsThem(String body) throws Exception {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    PlainInferenceReader.Request plain = PLAIN.read(bytes);

    assertThat(plain).isNotNull();
    assertThat(viaPlainReader(plain)).isEqualTo(viaMapper(bytes));
  }

  static Stream<String> otherBodies() {
    return Stream.of(
        body("\"parameters\": {}, ", AIRLINES),
        request(AIRLINES.replace("\"data\"", "\"parameters\": {}, \"data\"")),
        request(input("airline", "[1, 1]", "[\"Grupo LATAM\"]")),
        request(input("airline", "[1]", "7")),
        request(input("airline", "[1]", "null")),
        request(input("airline", "[1.0]", "\"A\"")),
        request(input("airline", "[null]", "\"A\"")),
        request(
            AIRLINES.replace("\"name\": \"airline\"", "\"name\": \"airline\", \"name\": \"a\"")),
        request(AIRLINES.replace("\"airline\"", "null")),
        request(AIRLINES.replaceAll(", \"data\": .*", "}")),
        body("\"id\": 42, ", AIRLINES),
        body("\"id\": null, ", AIRLINES),
        body("\"id\": \"1\", \"id\": \"2\", ", AIRLINES),
        body("\"inputs\": [" + TYPES + "], ", AIRLINES),
        "{\"inputs\": [null]}",
        "{\"inputs\": null}",
        body("\"outputs\": [{\"name\": \"delayed\", \"parameters\": {}}], ", AIRLINES),
        body("\"outputs\": [\"delayed\"], ", AIRLINES),
        request(AIRLINES) + " x",
        request(AIRLINES).substring(0, request(AIRLINES).length() - 1),
        "[]",
        "",
        "null");
  }

  @ParameterizedTest
  @MethodSource("otherBodies")
  void handsEveryOtherBodyToTheResource(String body) {
    assertThat(PLAIN.read(body.getBytes(StandardCharsets.UTF_8))).isNull();
  }

  @ParameterizedTest
  @ValueSource(ints = {1_000, 1_001})
  void holdsTheBatchLimitAsTheResourceDoes(int count) throws Exception {
    String[] airlines = new String[count];
    String[] types = new String[count];
    String[] times = new String[count];
    java.util.Arrays.fill(airlines, "\"Grupo LATAM\"");
    java.util.Arrays.fill(types, "\"I\"");
    java.util.Arrays.fill(times, "\"2017-03-01T10:00:00\"");
    String shape = "[" + count + "]";
    byte[] body =
        request(
                input("airline", shape, airlines),
                input("flight_type", shape, types),
                input("scheduled_departure", shape, times))
            .getBytes(StandardCharsets.UTF_8);

    Reading plain = viaPlainReader(PLAIN.read(body));

    assertThat(plain).isEqualTo(viaMapper(body));
    assertThat(plain.flights() == null).isEqualTo(count > 1_000);
  }

  @Test
  void refusesAnEmptyAirlineNamingTheValue() {
    byte[] body =
        request(
                input("airline", "[1]", "\"\""),
                input("flight_type", "[1]", "\"I\""),
                input("scheduled_departure", "[1]", "\"2017-03-01T10:00:00\""))
            .getBytes(StandardCharsets.UTF_8);

    BadRequestProblem refused =
        catchThrowableOfType(
            BadRequestProblem.class, () -> InferenceInputs.flightsOf(PLAIN.read(body).inputs()));

    assertThat(refused.getMessage())
        .contains("value 0 of input")
        .contains("airline")
        .contains("is required");
  }
}
