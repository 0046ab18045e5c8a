package org.latamml.inference;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.latamml.testing.LiveFeed;
import org.latamml.testing.Rollouts;

/**
 * The Open Inference Protocol (KServe v2, REST), held to the protocol's own example request and
 * response (src/test/resources/oip) and to the batch API's answers for the same flights.
 */
@QuarkusTest
@TestProfile(InferenceProtocolTest.Serving110.class)
class InferenceProtocolTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MODEL = "/v2/models/latam-flight-delay";
  private static final Path EXAMPLES = Path.of("src/test/resources/oip");

  /** A store of its own, serving 1.1.0. */
  public static final class Serving110 implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return LiveFeed.emptyStoreServing("inference", "1.1.0");
    }
  }

  private static JsonNode example(String name) throws IOException {
    return JSON.readTree(Files.readString(EXAMPLES.resolve(name)));
  }

  /** The protocol's example request with this model's inputs in place of its own. */
  private static ObjectNode exampleInOurInputs() throws IOException {
    ObjectNode request = (ObjectNode) example("spec-example-request.json");
    ArrayNode inputs = request.putArray("inputs");
    inputs.add(column("airline", "Grupo LATAM", "Sky Airline", "Grupo LATAM"));
    inputs.add(column("flight_type", "I", "N", "N"));
    inputs.add(
        column(
            "scheduled_departure",
            "2017-03-01T10:00:00",
            "2017-07-14T19:30:00",
            "2017-12-22T06:05:00"));
    request.putArray("outputs");
    return request;
  }

  private static ObjectNode column(String name, String... values) {
    ObjectNode input = JSON.createObjectNode();
    input.put("name", name);
    input.putArray("shape").add(values.length);
    input.put("datatype", "BYTES");
    ArrayNode data = input.putArray("data");
    for (String value : values) {
      data.add(value);
    }
    return input;
  }

  private static Response infer(String path, Object body) {
    return given().contentType(ContentType.JSON).body(body).post(path);
  }

  @Test
  void answersTheExampleRequestInOurInputsInTheExampleResponsesLayout() throws IOException {
    JsonNode expected = example("spec-example-response.json");
    JsonNode answer =
        JSON.readTree(
            infer(MODEL + "/infer", exampleInOurInputs().toString())
                .then()
                .statusCode(200)
                .extract()
                .asString());

    assertThat(answer.get("id")).isEqualTo(expected.get("id"));
    assertThat(answer.get("model_name").asText()).isEqualTo("latam-flight-delay");
    assertThat(answer.get("model_version").asText()).isEqualTo("1.1.0");
    JsonNode layout = expected.get("outputs").get(0);
    for (JsonNode output : answer.get("outputs")) {
      assertThat(names(output)).containsExactlyInAnyOrderElementsOf(names(layout));
      assertThat(output.get("shape")).isEqualTo(JSON.readTree("[3]"));
      assertThat(output.get("data")).hasSize(3);
    }
    assertThat(answer.get("outputs").findValuesAsText("name"))
        .containsExactly("probability", "delayed");
    assertThat(answer.get("outputs").get(0).get("datatype").asText()).isEqualTo("FP32");
    assertThat(answer.get("outputs").get(1).get("datatype").asText()).isEqualTo("BOOL");
  }

  private static List<String> names(JsonNode object) {
    List<String> names = new ArrayList<>();
    Iterator<String> each = object.fieldNames();
    each.forEachRemaining(names::add);
    return names;
  }

  @Test
  void answersWhatTheBatchApiAnswersForTheSameFlights() throws IOException {
    JsonNode answer =
        JSON.readTree(infer(MODEL + "/infer", exampleInOurInputs().toString()).asString());
    List<Map<String, Object>> sameFlights =
        List.of(
            Map.of(
                "airline",
                "Grupo LATAM",
                "flight_type",
                "I",
                "scheduled_departure",
                "2017-03-01T10:00:00"),
            Map.of(
                "airline",
                "Sky Airline",
                "flight_type",
                "N",
                "scheduled_departure",
                "2017-07-14T19:30:00"),
            Map.of(
                "airline",
                "Grupo LATAM",
                "flight_type",
                "N",
                "scheduled_departure",
                "2017-12-22T06:05:00"));
    Response batch =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("flights", sameFlights))
            .post("/v1/predictions");
    List<Float> probabilities = batch.jsonPath().getList("predictions.probability", Float.class);
    List<Boolean> delayed = batch.jsonPath().getList("predictions.delayed", Boolean.class);

    for (int i = 0; i < 3; i++) {
      assertThat((float) answer.get("outputs").get(0).get("data").get(i).asDouble())
          .isEqualTo(probabilities.get(i));
      assertThat(answer.get("outputs").get(1).get("data").get(i).asBoolean())
          .isEqualTo(delayed.get(i));
    }
  }

  @Test
  void refusesTheExampleRequestAsPublishedWith400AndTheProtocolsErrorBody() throws IOException {
    Response refused = infer(MODEL + "/infer", example("spec-example-request.json").toString());

    refused.then().statusCode(400).contentType(startsWith("application/json"));
    JsonNode body = JSON.readTree(refused.asString());
    assertThat(names(body)).containsExactly("error");
    assertThat(body.get("error").asText())
        .contains("inputs[0] is not one of the model's inputs")
        .doesNotContain("input0");
  }

  @Test
  void refusesABodyThatIsNotJsonWith400EvenWhereAWrongTypeComesFirst() throws IOException {
    Response malformed = infer(MODEL + "/infer", "{\"inputs\": {nope}");
    Response wrongType = infer(MODEL + "/infer", "{\"inputs\": {}}");

    malformed.then().statusCode(400);
    assertThat(JSON.readTree(malformed.asString()).get("error").asText())
        .contains("not valid JSON");
    wrongType.then().statusCode(422);
    assertThat(JSON.readTree(wrongType.asString()).get("error").asText())
        .contains("inputs: must be");
  }

  @Test
  void answersOnlyTheOutputsAsked() throws IOException {
    ObjectNode request = exampleInOurInputs();
    request.putArray("outputs").addObject().put("name", "delayed");

    infer(MODEL + "/infer", request.toString())
        .then()
        .statusCode(200)
        .body("outputs.size()", equalTo(1))
        .body("outputs[0].name", equalTo("delayed"))
        .header("X-Model-Version", "1.1.0");
  }

  @Test
  void aVersionInThePathAnswersWhenServedAndIs404WhenNot() throws IOException {
    infer(MODEL + "/versions/1.1.0/infer", exampleInOurInputs().toString())
        .then()
        .statusCode(200)
        .body("model_version", equalTo("1.1.0"));
    infer(MODEL + "/versions/1.0.0/infer", exampleInOurInputs().toString())
        .then()
        .statusCode(404)
        .body("error", containsString("does not answer now"));
    given()
        .get(MODEL + "/versions/1.0.0/ready")
        .then()
        .statusCode(503)
        .body("ready", equalTo(false));
    given()
        .get(MODEL + "/versions/1.1.0/ready")
        .then()
        .statusCode(200)
        .body("ready", equalTo(true));
  }

  @Test
  void aVersionIsReadyExactlyWhenItsInferRouteAnswers() throws IOException {
    String request = exampleInOurInputs().toString();
    try {
      for (String mode : List.of("shadow", "canary")) {
        // A shadow scores every flight: its share is left out.
        Rollouts.put(
                mode.equals("canary")
                    ? Map.of(
                        "champion",
                        "1.1.0",
                        "challenger",
                        "1.0.0",
                        "challenger_share",
                        0.5,
                        "mode",
                        mode)
                    : Map.of("champion", "1.1.0", "challenger", "1.0.0", "mode", mode))
            .then()
            .statusCode(200);
        int expected = mode.equals("canary") ? 200 : 503;

        given().get(MODEL + "/versions/1.0.0/ready").then().statusCode(expected);
        infer(MODEL + "/versions/1.0.0/infer", request)
            .then()
            .statusCode(expected == 200 ? 200 : 404);
      }
    } finally {
      Rollouts.serveAlone("1.1.0");
    }
  }

  @Test
  void modelVersionAskedForAsAnOutputNamesTheVersionThatAnsweredEachFlight() throws IOException {
    int count = 20;
    String[] numbers = new String[count];
    List<Map<String, Object>> flights = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      numbers[i] = Integer.toString(100 + i);
      flights.add(
          Map.of(
              "airline", "Grupo LATAM",
              "flight_type", "I",
              "scheduled_departure", "2017-03-01T10:00:00",
              "flight_number", numbers[i]));
    }
    String[] same = new String[count];
    ObjectNode request = JSON.createObjectNode();
    ArrayNode inputs = request.putArray("inputs");
    java.util.Arrays.fill(same, "Grupo LATAM");
    inputs.add(column("airline", same));
    java.util.Arrays.fill(same, "I");
    inputs.add(column("flight_type", same));
    java.util.Arrays.fill(same, "2017-03-01T10:00:00");
    inputs.add(column("scheduled_departure", same));
    inputs.add(column("flight_number", numbers));
    request.putArray("outputs").addObject().put("name", "model_version");
    try {
      Rollouts.put(
              Map.of(
                  "champion", "1.1.0",
                  "challenger", "1.0.0",
                  "challenger_share", 0.5,
                  "mode", "canary"))
          .then()
          .statusCode(200);

      JsonNode answer =
          JSON.readTree(
              infer(MODEL + "/infer", request.toString())
                  .then()
                  .statusCode(200)
                  .extract()
                  .asString());
      List<String> byVersion = new ArrayList<>();
      answer.get("outputs").get(0).get("data").forEach(v -> byVersion.add(v.asText()));
      List<String> batch =
          given()
              .contentType(ContentType.JSON)
              .body(Map.of("flights", flights))
              .post("/v1/predictions")
              .then()
              .statusCode(200)
              .extract()
              .jsonPath()
              .getList("predictions.model_version");

      assertThat(answer.get("outputs")).hasSize(1);
      assertThat(answer.get("outputs").get(0).get("datatype").asText()).isEqualTo("BYTES");
      assertThat(byVersion).isEqualTo(batch).contains("1.0.0", "1.1.0");
    } finally {
      Rollouts.serveAlone("1.1.0");
    }
  }

  @Test
  void anOutputOrInputNotTheModelsIsNamedByItsPlaceNotItsText() throws IOException {
    ObjectNode output = exampleInOurInputs();
    output.putArray("outputs").addObject().put("name", "SECRET-OUTPUT");
    infer(MODEL + "/infer", output.toString())
        .then()
        .statusCode(400)
        .body("error", containsString("outputs[0] is not one of the outputs"))
        .body("error", org.hamcrest.Matchers.not(containsString("SECRET")));

    ObjectNode input = exampleInOurInputs();
    ((ObjectNode) input.get("inputs").get(1)).put("name", "SECRET-INPUT");
    infer(MODEL + "/infer", input.toString())
        .then()
        .statusCode(400)
        .body("error", containsString("inputs[1] is not one of the model's inputs"))
        .body("error", org.hamcrest.Matchers.not(containsString("SECRET")));
  }

  @Test
  void refusesMoreThanAThousandFlightsNamingTheLimitAsTheOtherRoutesDo() {
    String[] airlines = new String[1_001];
    String[] types = new String[1_001];
    String[] times = new String[1_001];
    java.util.Arrays.fill(airlines, "Grupo LATAM");
    java.util.Arrays.fill(types, "I");
    java.util.Arrays.fill(times, "2017-03-01T10:00:00");
    ObjectNode request = JSON.createObjectNode();
    request
        .putArray("inputs")
        .add(column("airline", airlines))
        .add(column("flight_type", types))
        .add(column("scheduled_departure", times));

    infer(MODEL + "/infer", request.toString())
        .then()
        .statusCode(400)
        .body("error", containsString("inputs must hold 1 to 1,000 flights, got 1,001"));
  }

  @Test
  void refusesColumnsOfDifferentLengthsOrAShapeThatDoesNotFitWith400() throws IOException {
    ObjectNode uneven = exampleInOurInputs();
    ((ArrayNode) uneven.get("inputs")).set(1, column("flight_type", "I"));
    infer(MODEL + "/infer", uneven.toString())
        .then()
        .statusCode(400)
        .body("error", containsString("flight_type"));

    ObjectNode badShape = exampleInOurInputs();
    ((ObjectNode) badShape.get("inputs").get(0)).putArray("shape").add(2).add(2);
    infer(MODEL + "/infer", badShape.toString())
        .then()
        .statusCode(400)
        .body("error", containsString("shape"));

    ObjectNode badType = exampleInOurInputs();
    ((ArrayNode) badType.get("inputs")).set(1, column("flight_type", "X", "I", "N"));
    infer(MODEL + "/infer", badType.toString())
        .then()
        .statusCode(400)
        .body("error", containsString("I or N"));
  }

  @Test
  void describesTheServerAndTheModel() {
    given()
        .get("/v2")
        .then()
        .statusCode(200)
        .body("name", equalTo("latam-ml-infra"))
        .body("extensions.size()", equalTo(0));
    given().get("/v2/health/live").then().statusCode(200).body("live", equalTo(true));
    given().get("/v2/health/ready").then().statusCode(200).body("ready", equalTo(true));
    given()
        .get(MODEL)
        .then()
        .statusCode(200)
        .body("name", equalTo("latam-flight-delay"))
        .body("versions", hasItems("1.0.0", "1.1.0"))
        .body(
            "inputs.name", hasItems("airline", "flight_type", "scheduled_departure", "destination"))
        .body("inputs.datatype", hasItems("BYTES"))
        .body("outputs.find { it.name == 'probability' }.datatype", equalTo("FP32"))
        .body("outputs.find { it.name == 'delayed' }.datatype", equalTo("BOOL"));
    given()
        .get(MODEL + "/versions/1.0.0")
        .then()
        .statusCode(200)
        .body("versions", equalTo(List.of("1.0.0")));
  }

  @Test
  void anUnknownModelOrVersionIs404WithTheProtocolsErrorBody() {
    given()
        .get("/v2/models/other-model")
        .then()
        .statusCode(404)
        .body("error", containsString("latam-flight-delay"))
        .body("error", org.hamcrest.Matchers.not(containsString("other-model")))
        .body("type", org.hamcrest.Matchers.nullValue());
    given()
        .get(MODEL + "/versions/9.9.9")
        .then()
        .statusCode(404)
        .body("error", containsString("no such version; its versions: [1.0.0, 1.1.0"))
        .body("error", org.hamcrest.Matchers.not(containsString("9.9.9")));
  }
}
