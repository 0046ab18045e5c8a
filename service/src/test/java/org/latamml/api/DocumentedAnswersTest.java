package org.latamml.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.latamml.testing.LiveFeed.departure;
import static org.latamml.testing.LiveFeed.flight;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.latamml.flight.Flight;
import org.latamml.predictionlog.PredictionLog;
import org.latamml.testing.DocumentedAnswers;
import org.latamml.testing.FlightRequests;
import org.latamml.testing.LiveFeed;
import org.latamml.testing.ShippedModel;

/**
 * Every operation's answer, as the service gives it, against the OpenAPI document a client is
 * generated from: its status and media type documented, its body fitting the schema, the fields the
 * schema requires there. One store of its own, fed and asked as its users would.
 */
@QuarkusTest
@TestProfile(DocumentedAnswersTest.StoreOfItsOwn.class)
class DocumentedAnswersTest {
  private static final String MODEL = "/v2/models/latam-flight-delay";

  /** An empty store and a copy of the shipped models, serving 2.0.0; the fixture importable. */
  public static final class StoreOfItsOwn implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      Map<String, String> settings = new HashMap<>(LiveFeed.emptyStoreServing("answers", "2.0.0"));
      settings.put("latam.models-dir", ShippedModel.copyOfModels().toString());
      settings.put("latam.import-dir", "src/test/resources");
      return settings;
    }
  }

  @Inject PredictionLog log;

  private DocumentedAnswers answers;

  @BeforeEach
  void readTheDocument() {
    answers = DocumentedAnswers.served();
  }

  private Response get(String template, String path) {
    return answers.check("GET", template, given().accept(ContentType.JSON).get(path));
  }

  private Response send(String method, String template, String path, Object body) {
    RequestSpecification request = given().contentType(ContentType.JSON).body(body);
    Response answer = method.equals("PUT") ? request.put(path) : request.post(path);
    return answers.check(method, template, answer);
  }

  private Response post(String path, Object body) {
    return send("POST", path, path, body);
  }

  @Test
  void everyOperationAnswersAsItsDocumentSays() throws IOException, InterruptedException {
    // A day's schedule and one departure, as the feeds send them.
    List<Map<String, Object>> schedule =
        List.of(
            flight("LAN", "500", "2030-01-01T10:00:00"),
            flight("SKU", "501", "2030-01-01T11:00:00"));
    long id =
        post("/v1/flights", Map.of("flights", schedule))
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getLong("flights[0].id");
    post(
            "/v1/departures",
            Map.of("departures", List.of(departure(schedule.get(0), "2030-01-01T10:20:00"))))
        .then()
        .statusCode(200);
    get("/v1/flights/{id}", "/v1/flights/" + id).then().statusCode(200);

    // The prototype's routes, the batch and the challenge's.
    Map<String, String> prototype = FlightRequests.prototype(Long.toString(id));
    send("POST", "/predict-flight", "/predict-flight?explain=true", prototype)
        .then()
        .statusCode(200);
    post("/predict-flight", prototype).then().statusCode(200);
    get("/check-flight", "/check-flight?Vlo_l=" + id).then().statusCode(200);
    send(
            "POST",
            "/v1/predictions",
            "/v1/predictions?explain=true",
            Map.of("flights", FlightRequests.distinct(1, 3)))
        .then()
        .statusCode(200);
    post(
            "/predict",
            Map.of("flights", List.of(Map.of("OPERA", "Grupo LATAM", "TIPOVUELO", "I", "MES", 3))))
        .then()
        .statusCode(200);
    get("/health", "/health").then().statusCode(200);

    // The next departures, and what was predicted.
    get("/v1/board", "/v1/board?from=2030-01-01T09:00&hours=3&as_of=2030-01-01T10:30")
        .then()
        .statusCode(200);

    // The models, their quality, and a rollout made, compared and taken back.
    get("/v1/models", "/v1/models").then().statusCode(200);
    get("/v1/models/{version}", "/v1/models/2.0.0").then().statusCode(200);
    get("/v1/models/{version}/quality", "/v1/models/2.0.0/quality?window=7d")
        .then()
        .statusCode(200);
    get("/v1/models/{version}/drift", "/v1/models/2.0.0/drift?window=7d").then().statusCode(200);
    get("/v1/rollout", "/v1/rollout").then().statusCode(200);
    send(
            "PUT",
            "/v1/rollout",
            "/v1/rollout",
            Map.of(
                "champion",
                "2.0.0",
                "challenger",
                "1.1.0",
                "challenger_share",
                0.1,
                "mode",
                "canary"))
        .then()
        .statusCode(200);
    get("/v1/rollout/comparison", "/v1/rollout/comparison?window=7d").then().statusCode(200);
    post("/v1/rollout/rollback", Map.of()).then().statusCode(200);
    send("PUT", "/v1/models/served", "/v1/models/served", Map.of("version", "2.0.0"))
        .then()
        .statusCode(200);
    answers.check("POST", "/v1/models", uploadAs("9.0.0")).then().statusCode(201);
    post("/v1/flights/import", Map.of("file", "flights.csv", "replace", true))
        .then()
        .statusCode(200);
    get("/v1/caller", "/v1/caller").then().statusCode(200);

    // The Open Inference Protocol's.
    get("/v2", "/v2").then().statusCode(200);
    get("/v2/health/live", "/v2/health/live").then().statusCode(200);
    get("/v2/health/ready", "/v2/health/ready").then().statusCode(200);
    get("/v2/models/{name}", MODEL).then().statusCode(200);
    get("/v2/models/{name}/ready", MODEL + "/ready").then().statusCode(200);
    get("/v2/models/{name}/versions/{version}", MODEL + "/versions/2.0.0").then().statusCode(200);
    get("/v2/models/{name}/versions/{version}/ready", MODEL + "/versions/2.0.0/ready")
        .then()
        .statusCode(200);
    send("POST", "/v2/models/{name}/infer", MODEL + "/infer", inferenceRequest())
        .then()
        .statusCode(200);
    send(
            "POST",
            "/v2/models/{name}/versions/{version}/infer",
            MODEL + "/versions/2.0.0/infer",
            inferenceRequest())
        .then()
        .statusCode(200);

    // What every route above predicted, once the log has written it: each entry's shape checked.
    assertThat(log.flush(10_000)).isTrue();
    assertThat(
            get("/v1/predictions/log", "/v1/predictions/log?limit=10000")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("entries"))
        .isNotEmpty();
    answers.check(
        "GET",
        "/v1/predictions/log",
        given()
            .accept("text/csv")
            .get("/v1/predictions/log")
            .then()
            .statusCode(200)
            .extract()
            .response());

    // A new operation is checked here too, or this fails.
    assertThat(answers.checked()).containsAll(answers.operationsAnsweringJson());
  }

  @Test
  void anAnswersFieldsAreRequiredButThoseWrittenOnlyWhenSet() {
    JsonNode schemas = answers.document().path("components").path("schemas");
    assertThat(names(schemas.path("FlightPrediction").path("required")))
        .contains("probability", "delayed", "label", "model_version")
        .doesNotContain("fallback", "explanation");
    assertThat(names(schemas.path("PredictFlightResponse").path("required")))
        .contains("Prediction", "probability", "model_version", "flight")
        .doesNotContain("fallback", "explanation");
    assertThat(names(schemas.path("Rollout").path("required")))
        .contains("id", "champion", "challenger_share", "mode")
        .doesNotContain("challenger", "previous_id");
    for (String answer : List.of("FlightPrediction", "BoardPrediction")) {
      assertThat(names(schemas.path(answer).path("properties").path("label").path("enum")))
          .as(answer)
          .containsExactly("High delayed probability", "Low delayed probability");
    }
    // A model card's fields are required where its reader requires them, not by the filter's rule.
    assertThat(names(schemas.path("Calibration").path("required"))).isEmpty();
    assertThat(names(schemas.path("InferenceResponse").path("required")))
        .containsExactly("model_name", "model_version", "outputs");
    // The rule reads a record's components as Jackson writes them with the mapper's default,
    // which includes nulls: were it told to leave them out, every reference would be optional.
    assertThat(
            org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getOptionalValue("quarkus.jackson.serialization-inclusion", String.class))
        .isEmpty();
    // A request's schema says what a caller must send, as its record does: left as it is.
    assertThat(names(schemas.path("PredictFlightRequest").path("required")))
        .containsExactly("Vlo_l");
  }

  @Test
  void theQueryParametersSayWhatTheRoutesTake() {
    JsonNode paths = answers.document().path("paths");
    JsonNode hours = parameter(paths.path("/v1/board").path("get"), "hours");
    assertThat(hours.path("type").asText()).isEqualTo("integer");
    assertThat(hours.path("minimum").asInt()).isEqualTo(1);
    assertThat(hours.path("maximum").asInt()).isEqualTo(24);
    assertThat(hours.path("default").asInt()).isEqualTo(3);
    for (String path : List.of("/predict-flight", "/v1/predictions")) {
      JsonNode explain = parameter(paths.path(path).path("post"), "explain");
      assertThat(explain.path("type").asText()).as(path).isEqualTo("boolean");
      assertThat(explain.path("default").asBoolean(true)).as(path).isFalse();
    }
    JsonNode limit = parameter(paths.path("/v1/predictions/log").path("get"), "limit");
    assertThat(limit.path("type").asText()).isEqualTo("integer");
    assertThat(limit.path("maximum").asInt()).isEqualTo(10_000);
    assertThat(limit.path("default").asInt()).isEqualTo(1_000);
    String window =
        parameter(paths.path("/v1/models/{version}/quality").path("get"), "window")
            .path("pattern")
            .asText();
    assertThat(
            parameter(paths.path("/v1/models/{version}/quality").path("get"), "window")
                .path("type")
                .asText())
        .isEqualTo("string");
    assertThat("7d").matches(window);
    assertThat("24h").matches(window);
    assertThat("0d").doesNotMatch(window);
    assertThat("7w").doesNotMatch(window);
    // What the document says is what the route does: past the bounds, a 422.
    given().get("/v1/board?hours=25").then().statusCode(422);
    given().get("/v1/predictions/log?limit=10001").then().statusCode(422);
    given().get("/v1/models/2.0.0/quality?window=7w").then().statusCode(422);
    // Whatever the rollout (here its champion alone, no challenger to compare), a bad window first.
    given().get("/v1/rollout/comparison?window=7w").then().statusCode(422);
  }

  @Test
  void theLiveRoutesTextLimitsAreTheSchemasAndTheStores() {
    JsonNode schemas = answers.document().path("components").path("schemas");
    JsonNode scheduled = schemas.path("ScheduledFlight").path("properties");
    assertThat(scheduled.path("flight_number").path("maxLength").asInt())
        .isEqualTo(Flight.MAX_FLIGHT_NUMBER);
    assertThat(scheduled.path("airline_code").path("maxLength").asInt())
        .isEqualTo(Flight.MAX_AIRLINE_CODE);
    assertThat(scheduled.path("destination_city").path("maxLength").asInt())
        .isEqualTo(Flight.MAX_DESTINATION_CITY);
    assertThat(
            schemas
                .path("DepartureReport")
                .path("properties")
                .path("flight_number")
                .path("maxLength")
                .asInt())
        .isEqualTo(Flight.MAX_FLIGHT_NUMBER);
    // One past the schema's length is refused, naming the field; the longest is stored.
    String longest = "9".repeat(Flight.MAX_FLIGHT_NUMBER);
    LiveFeed.sendSchedule(List.of(flight("LAN", longest + "9", "2030-02-01T10:00:00")))
        .then()
        .statusCode(422)
        .body(org.hamcrest.Matchers.containsString("flight_number"));
    LiveFeed.sendSchedule(List.of(flight("LAN", longest, "2030-02-01T10:00:00")))
        .then()
        .statusCode(200);
  }

  @Test
  void everyOperationHasOneTagAndSaysWhetherItIsOpen() {
    JsonNode document = answers.document();
    List<String> described = new ArrayList<>();
    document
        .path("tags")
        .forEach(tag -> {
          assertThat(tag.path("description").asText()).as(tag.toString()).isNotBlank();
          described.add(tag.path("name").asText());
        });
    for (var path : document.path("paths").properties()) {
      for (var operation : path.getValue().properties()) {
        String named = operation.getKey() + " " + path.getKey();
        List<String> tags = names(operation.getValue().path("tags"));
        assertThat(tags).as(named).hasSize(1);
        if (!path.getKey()
            .startsWith("/v1/things")) { // AllowedMethodsTest's, on the tests' classpath
          assertThat(described).as(named).contains(tags.get(0));
        }
        assertThat(operation.getValue().path("security").isArray()).as(named).isTrue();
      }
    }
    assertThat(document.path("paths").path("/health").path("get").path("security")).isEmpty();
    assertThat(document.path("paths").path("/v1/board").path("get").path("security")).isNotEmpty();
  }

  @Test
  void everyErrorIsDescribedInWordsAClientCanActOn() {
    List<String> bare = new ArrayList<>();
    for (var path : answers.document().path("paths").properties()) {
      for (var operation : path.getValue().properties()) {
        for (var response : operation.getValue().path("responses").properties()) {
          String description = response.getValue().path("description").asText();
          if (List.of("Bad Request", "Not Authorized", "Not Allowed").contains(description)) {
            bare.add(operation.getKey() + " " + path.getKey() + " " + response.getKey());
          }
        }
      }
    }
    assertThat(bare).isEmpty();
    JsonNode paths = answers.document().path("paths");
    // Any signed-in caller may ask who it is: no 403 is listed where none is answered.
    assertThat(paths.path("/v1/caller").path("get").path("responses").has("403")).isFalse();
    assertThat(paths.path("/v1/rollout").path("put").path("responses").has("403")).isTrue();
    assertThat(
            paths
                .path("/v1/models")
                .path("post")
                .path("responses")
                .path("400")
                .path("description")
                .asText())
        .contains("form");
    assertThat(
            answers
                .document()
                .path("paths")
                .path("/predict")
                .path("post")
                .path("responses")
                .path("400")
                .path("description")
                .asText())
        .contains("airline");
  }

  private static JsonNode parameter(JsonNode operation, String name) {
    for (JsonNode parameter : operation.path("parameters")) {
      if (parameter.path("name").asText().equals(name)) {
        return parameter.path("schema");
      }
    }
    throw new AssertionError("no parameter " + name + " in " + operation);
  }

  @Test
  void anAnswerWithoutARequiredFieldOrOfTheWrongTypeDoesNotFit() {
    assertThat(
            answers.faultsAgainst(
                "PredictFlightResponse", "{\"Prediction\": \"Low delayed probability\"}"))
        .anyMatch(fault -> fault.contains("probability"));
    assertThat(
            answers.faultsAgainst(
                "PredictionsResponse",
                "{\"predictions\": [{\"probability\": \"high\", \"delayed\": true,"
                    + " \"label\": \"High delayed probability\", \"model_version\": \"2.0.0\"}]}"))
        .anyMatch(fault -> fault.contains("probability"));
  }

  private static List<String> names(JsonNode array) {
    List<String> names = new ArrayList<>();
    array.forEach(name -> names.add(name.asText()));
    return names;
  }

  private static Map<String, Object> inferenceRequest() {
    return Map.of(
        "inputs",
        List.of(
            column("airline", "Grupo LATAM"),
            column("flight_type", "I"),
            column("scheduled_departure", "2017-03-01T10:00:00")));
  }

  private static Map<String, Object> column(String name, String value) {
    return Map.of("name", name, "shape", List.of(1), "datatype", "BYTES", "data", List.of(value));
  }

  /** The shipped 1.1.0 uploaded again as {@code version}. */
  private static Response uploadAs(String version) throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode card = (ObjectNode) json.readTree(ShippedModel.models().card("1.1.0").toFile());
    card.put("version", version);
    Path file = Files.createTempFile("card-", ".json");
    json.writeValue(file.toFile(), card);
    file.toFile().deleteOnExit();
    return given()
        .multiPart("card", file.toFile(), "application/json")
        .multiPart("onnx", ShippedModel.models().onnx("1.1.0").toFile(), "application/octet-stream")
        .post("/v1/models");
  }
}
