package org.latamml.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.latamml.app.RequestLimits;
import org.latamml.testing.FlightRequests;
import org.latamml.testing.LoggedErrors;
import org.latamml.testing.Scrape;
import org.latamml.testing.ShippedModel;

/**
 * The API's contract, against the running service with the shipped model (version.txt) and a store
 * imported from {@code src/test/resources/flights.csv} (40 flights). {@link ApiContractIT} runs the
 * same suite against the packaged jar.
 */
@QuarkusTest
class ApiContractTest {
  static final int FIXTURE_FLIGHTS = 40;

  /**
   * The version that answers the fixture's flights: one every few weeks, so the store holds no
   * departures of the hours before any of them, and the served rich model hands each to the
   * fallback model (README.md, "The fallback model").
   */
  static final String ANSWERING = "1.1.0";

  private static Response postJson(String path, Object body) {
    return given().contentType(ContentType.JSON).body(body).when().post(path);
  }

  private static void assertProblem(Response response, int status) {
    response
        .then()
        .statusCode(status)
        .contentType("application/problem+json")
        .body("status", equalTo(status))
        .body("type", org.hamcrest.Matchers.startsWith("urn:latam-ml-infra:problem:"))
        .body("title", notNullValue())
        .body("detail", notNullValue());
    assertThat(response.asString()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  // --- the prototype's API ---

  @Test
  void predictFlightAnswersThePrototypesShapeWithProbabilityVersionAndFlight() {
    postJson("/predict-flight", FlightRequests.prototype("3"))
        .then()
        .statusCode(200)
        .body(
            "Prediction",
            org.hamcrest.Matchers.oneOf("High delayed probability", "Low delayed probability"))
        .body("model_version", equalTo(ANSWERING))
        .body(
            "fallback",
            org.hamcrest.Matchers.startsWith(
                "model " + ShippedModel.VERSION + " needs the airport's departures"))
        .body("flight.id", equalTo(3))
        .body("flight.flight_number", equalTo("102"));
  }

  @Test
  void aFlightScoredAtOrAboveTheThresholdIsHighAndBelowIsLow() {
    // The threshold of the model that answered, named in the answer.
    double threshold =
        given()
            .get("/v1/models/" + ANSWERING)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getDouble("threshold");
    int high = 0;
    int low = 0;
    for (int id = 1; id <= FIXTURE_FLIGHTS; id++) {
      var answer =
          postJson("/predict-flight", FlightRequests.prototype(Integer.toString(id)))
              .then()
              .statusCode(200)
              .extract()
              .jsonPath();
      assertThat(answer.getString("model_version")).isEqualTo(ANSWERING);
      double probability = answer.getDouble("probability");
      String label = answer.getString("Prediction");
      if (probability >= threshold) {
        assertThat(label)
            .as("flight %d, p=%f", id, probability)
            .isEqualTo("High delayed probability");
        high++;
      } else {
        assertThat(label)
            .as("flight %d, p=%f", id, probability)
            .isEqualTo("Low delayed probability");
        low++;
      }
    }
    assertThat(high).as("fixture flights scored High").isPositive();
    assertThat(low).as("fixture flights scored Low").isPositive();
  }

  @Test
  void predictFlightTakesTheIdAsANumberToo() {
    postJson("/predict-flight", Map.of("Vlo_l", 4))
        .then()
        .statusCode(200)
        .body("flight.id", equalTo(4));
  }

  @Test
  void unknownIdIs404NamingIt() {
    Response response = postJson("/predict-flight", FlightRequests.prototype("99999999"));

    assertProblem(response, 404);
    response.then().body("detail", containsString("99999999"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "-1", "0", "1.5", "1e5", "99999999999", " ", "12abc"})
  void idThatIsNotAWholeNumberInRangeIs422(String id) {
    Response response = postJson("/predict-flight", FlightRequests.prototype(id));

    assertProblem(response, 422);
    response.then().body("errors[0].field", equalTo("Vlo_l"));
    if (!id.isBlank()) {
      // The limit as the README writes it.
      response.then().body("detail", containsString("from 1 to 2,147,483,647"));
    }
  }

  @Test
  void checkFlightSaysWhetherItExists() {
    given()
        .get("/check-flight?Vlo_l=7")
        .then()
        .statusCode(200)
        .body("exists", is(true))
        .body("Vlo_l", equalTo("7"));
    given().get("/check-flight?Vlo_l=4000").then().statusCode(200).body("exists", is(false));
  }

  @Test
  void checkFlightWithoutOrWithABadIdIs422() {
    assertProblem(given().get("/check-flight"), 422);
    assertProblem(given().get("/check-flight?Vlo_l=abc"), 422);
  }

  // --- the batch API ---

  private static Map<String, Object> flight(String airline, String type, String when) {
    return Map.of("airline", airline, "flight_type", type, "scheduled_departure", when);
  }

  @Test
  void batchAnswersEachFlightInOrderWithTheModelVersion() {
    postJson(
            "/v1/predictions",
            Map.of(
                "flights",
                List.of(
                    flight("Grupo LATAM", "I", "2017-07-14T19:00:00"),
                    flight("Sky Airline", "N", "2017-02-03T07:30:00"),
                    flight("Unknown Air", "N", "2017-02-03T07:30:00"))))
        .then()
        .statusCode(200)
        .body("predictions", hasSize(3))
        .body("predictions.model_version", org.hamcrest.Matchers.everyItem(equalTo(ANSWERING)))
        .body(
            "predictions.fallback",
            org.hamcrest.Matchers.everyItem(
                equalTo("model " + ShippedModel.VERSION + " needs the flight's destination")))
        .body("predictions[0].label", equalTo("High delayed probability"))
        .body("predictions[0].delayed", is(true));
  }

  @Test
  void anAirlineAndDestinationInAnotherCaseAreScoredAsTheKnownOnes() {
    Map<String, Object> known =
        new java.util.HashMap<>(flight("Sky Airline", "I", "2017-07-14T19:00:00"));
    known.put("destination", "SAEZ");
    Map<String, Object> lower = new java.util.HashMap<>(known);
    lower.put("airline", "sky airline");
    lower.put("destination", "saez");
    Map<String, Object> unknown = new java.util.HashMap<>(known);
    unknown.put("airline", "Sky Airlines Nueva");

    List<Float> probabilities =
        postJson("/v1/predictions", Map.of("flights", List.of(known, lower, unknown)))
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("predictions.probability", Float.class);

    assertThat(probabilities.get(1)).isEqualTo(probabilities.get(0));
    assertThat(probabilities.get(2)).isNotEqualTo(probabilities.get(0));
  }

  @Test
  void explainedPredictionsAddUpToTheirLogOddsAndNameTheirInputs() {
    var answer =
        postJson(
                "/v1/predictions?explain=true",
                Map.of("flights", List.of(flight("Grupo LATAM", "I", "2017-07-14T19:00:00"))))
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    double logOdds = answer.getDouble("predictions[0].explanation.log_odds");
    double base = answer.getDouble("predictions[0].explanation.base");
    List<Float> contributions =
        answer.getList("predictions[0].explanation.contributions.contribution", Float.class);
    double sum = base;
    for (Float contribution : contributions) {
      sum += contribution;
    }
    assertThat(sum).isCloseTo(logOdds, org.assertj.core.api.Assertions.within(1e-4));
    assertThat(answer.getList("predictions[0].explanation.contributions.input", String.class))
        .contains("airline = Grupo LATAM", "month = 7");
  }

  @Test
  void theProbabilityIsTheCalibratedLogOddsOfTheExplanation() {
    List<Map<String, Object>> flights = new ArrayList<>();
    for (String airline : List.of("Grupo LATAM", "Sky Airline", "Copa Air", "Avianca")) {
      for (int month = 1; month <= 12; month += 3) {
        flights.add(flight(airline, "I", String.format("2017-%02d-14T19:00:00", month)));
      }
    }
    var answers =
        postJson("/v1/predictions?explain=true", Map.of("flights", flights))
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    List<Float> logOdds = answers.getList("predictions.explanation.log_odds", Float.class);
    List<Float> probabilities = answers.getList("predictions.probability", Float.class);
    // The calibrator is monotone: a higher log-odds never gets a lower probability.
    for (int i = 0; i < logOdds.size(); i++) {
      for (int j = 0; j < logOdds.size(); j++) {
        if (logOdds.get(i) < logOdds.get(j) - 1e-6) {
          assertThat(probabilities.get(i)).isLessThanOrEqualTo(probabilities.get(j));
        }
      }
    }
    assertThat(new java.util.HashSet<>(logOdds)).hasSizeGreaterThan(4);
  }

  @Test
  void thePrototypesRouteExplainsTooAndOnlyWhenAsked() {
    postJson("/predict-flight?explain=true", FlightRequests.prototype("3"))
        .then()
        .statusCode(200)
        .body("explanation.contributions", org.hamcrest.Matchers.not(org.hamcrest.Matchers.empty()))
        .body("explanation.log_odds", org.hamcrest.Matchers.notNullValue());
    var plain =
        postJson("/predict-flight", FlightRequests.prototype("3")).then().statusCode(200).extract();
    assertThat(plain.jsonPath().getMap("$")).doesNotContainKey("explanation");
  }

  @Test
  void explainMustBeTrueOrFalse() {
    assertProblem(
        postJson(
            "/v1/predictions?explain=yes",
            Map.of("flights", List.of(flight("Grupo LATAM", "I", "2017-07-14T19:00:00")))),
        422);
  }

  @Test
  void servingTheOneHotModelAnswersEveryFlightWithIt() {
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("version", "1.1.0"))
        .put("/v1/models/served")
        .then()
        .statusCode(200);
    try {
      postJson(
              "/v1/predictions",
              Map.of("flights", List.of(flight("Grupo LATAM", "I", "2026-12-01T10:00:00"))))
          .then()
          .statusCode(200)
          .body("predictions[0].model_version", equalTo("1.1.0"))
          .body("predictions[0].fallback", org.hamcrest.Matchers.nullValue());
    } finally {
      given()
          .contentType(ContentType.JSON)
          .body(Map.of("version", ShippedModel.VERSION))
          .put("/v1/models/served")
          .then()
          .statusCode(200);
    }
  }

  @Test
  void batchLabelsAgreeWithTheProbabilities() {
    var answers =
        postJson(
                "/v1/predictions",
                Map.of(
                    "flights",
                    List.of(
                        flight("Grupo LATAM", "I", "2017-07-14T19:00:00"),
                        flight("Sky Airline", "N", "2017-02-03T07:30:00"))))
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("predictions", Map.class);
    for (Map<?, ?> answer : answers) {
      boolean delayed = (Boolean) answer.get("delayed");
      assertThat(
              ((Number) answer.get("probability")).doubleValue() >= ShippedModel.card().threshold())
          .isEqualTo(delayed);
    }
  }

  @Test
  void batchOfMoreThanAThousandFlightsIsRefused() {
    List<Map<String, Object>> flights = new ArrayList<>();
    for (int i = 0; i < 1_001; i++) {
      flights.add(flight("Grupo LATAM", "I", "2017-07-14T19:00:00"));
    }

    Response response = postJson("/v1/predictions", Map.of("flights", flights));

    assertProblem(response, 422);
    response.then().body("detail", containsString("got 1,001"));
  }

  @Test
  void batchOfExactlyAThousandFlightsIsAnswered() {
    List<Map<String, Object>> flights = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      flights.add(flight("Grupo LATAM", "I", "2017-07-14T19:00:00"));
    }

    postJson("/v1/predictions", Map.of("flights", flights))
        .then()
        .statusCode(200)
        .body("predictions", hasSize(1_000));
  }

  @Test
  void batchNamesEveryMissingOrInvalidField() {
    Response response =
        postJson("/v1/predictions", Map.of("flights", List.of(Map.of("flight_type", "X"))));

    assertProblem(response, 422);
    response
        .then()
        .body("errors.field", hasItem("flights[0].airline"))
        .body("errors.field", hasItem("flights[0].flight_type"))
        .body("errors.field", hasItem("flights[0].scheduled_departure"));
  }

  @Test
  void batchWithAWronglyTypedFieldIs422NamingIt() {
    Response response =
        postJson(
            "/v1/predictions",
            "{\"flights\": [{\"airline\": \"Grupo LATAM\", \"flight_type\": \"I\", \"scheduled_departure\": 12}]}");

    assertProblem(response, 422);
    response.then().body("errors[0].field", equalTo("flights[0].scheduled_departure"));
  }

  @Test
  void batchWithoutFlightsIs422() {
    assertProblem(postJson("/v1/predictions", Map.of()), 422);
    assertProblem(postJson("/v1/predictions", Map.of("flights", List.of())), 422);
  }

  @Test
  void aTimeEndingInZIs422AsOneWithAnOffsetIs() {
    for (String time :
        List.of("2017-07-14T19:00:00Z", "2017-07-14T19:00Z", "2017-07-14T19:00:00-04:00")) {
      Response response =
          postJson("/v1/predictions", Map.of("flights", List.of(flight("Grupo LATAM", "N", time))));

      assertProblem(response, 422);
      response.then().body("errors[0].field", equalTo("flights[0].scheduled_departure"));
    }
  }

  @Test
  void trueOrFalseForTextIs422AndANumberIsReadAsItsText() {
    Response flag =
        postJson(
            "/v1/predictions",
            "{\"flights\": [{\"airline\": true, \"flight_type\": \"N\","
                + " \"scheduled_departure\": \"2017-07-14T19:00:00\"}]}");
    assertProblem(flag, 422);
    flag.then().body("errors[0].field", equalTo("flights[0].airline"));

    postJson(
            "/v1/predictions",
            "{\"flights\": [{\"airline\": \"Grupo LATAM\", \"flight_type\": \"N\","
                + " \"flight_number\": 940, \"scheduled_departure\": \"2017-07-14T19:00:00\"}]}")
        .then()
        .statusCode(200)
        .body("predictions", hasSize(1));
  }

  // --- the challenge's API ---

  @Test
  void challengePredictAnswersZeroOrOnePerFlight() {
    postJson(
            "/predict",
            Map.of(
                "flights",
                List.of(
                    Map.of("OPERA", "Aerolineas Argentinas", "TIPOVUELO", "N", "MES", 3),
                    Map.of("OPERA", "Grupo LATAM", "TIPOVUELO", "I", "MES", 7))))
        .then()
        .statusCode(200)
        .body("predict", hasSize(2))
        .body("predict[1]", equalTo(1));
  }

  @Test
  void challengeTakesAnAirlineInAnotherCase() {
    postJson(
            "/predict",
            Map.of("flights", List.of(Map.of("OPERA", "GRUPO LATAM", "TIPOVUELO", "I", "MES", 7))))
        .then()
        .statusCode(200)
        .body("predict", equalTo(List.of(1)));
  }

  @Test
  void challengeRefusesUnknownAirlineTypeOrMonthWith400NamingTheField() {
    Map<String, Map<String, Object>> byField =
        Map.of(
            "flights[0].OPERA", Map.of("OPERA", "Nope Air", "TIPOVUELO", "N", "MES", 3),
            "flights[0].TIPOVUELO", Map.of("OPERA", "Grupo LATAM", "TIPOVUELO", "O", "MES", 3),
            "flights[0].MES", Map.of("OPERA", "Grupo LATAM", "TIPOVUELO", "N", "MES", 13));
    byField.forEach((field, flight) -> {
      Response response = postJson("/predict", Map.of("flights", List.of(flight)));

      assertProblem(response, 400);
      response
          .then()
          .body("type", equalTo("urn:latam-ml-infra:problem:unknown-value"))
          .body("errors[0].field", equalTo(field))
          .body("detail", startsWith(field + ": "));
    });
  }

  @Test
  void challengeRefusesAMonthWithAFractionWith422() {
    for (Object month : List.of(3.5, 12.9, 3.0)) {
      Response response =
          postJson(
              "/predict",
              Map.of(
                  "flights",
                  List.of(Map.of("OPERA", "Grupo LATAM", "TIPOVUELO", "N", "MES", month))));

      assertProblem(response, 422);
      response.then().body("errors[0].field", equalTo("flights[0].MES"));
    }
  }

  @Test
  void challengeWithoutFlightsSaysWhetherTheyAreMissingOrNone() {
    Response none = postJson("/predict", Map.of("flights", List.of()));
    assertProblem(none, 422);
    none.then().body("errors[0].detail", containsString("must hold 1 to 1,000 flights, got 0"));
    Response missing = postJson("/predict", Map.of());
    assertProblem(missing, 422);
    missing.then().body("errors[0].detail", containsString("is required"));
  }

  @Test
  void challengeHealthIsOk() {
    given().get("/health").then().statusCode(200).body("status", equalTo("OK"));
  }

  // --- flights, models, health, metrics, docs ---

  @Test
  void flightsAreReadByIdWithAllTheirFields() {
    given()
        .get("/v1/flights/1")
        .then()
        .statusCode(200)
        .body("id", equalTo(1))
        .body("scheduled_departure", equalTo("2017-01-01T06:00:00"))
        .body("airline", equalTo("Grupo LATAM"))
        .body("flight_type", equalTo("I"))
        .body("destination", equalTo("SAEZ"));
  }

  @Test
  void flightsAnswer404ForUnknownAnd422ForMalformedIds() {
    assertProblem(given().get("/v1/flights/41"), 404);
    assertProblem(given().get("/v1/flights/abc"), 422);
  }

  @Test
  void modelsListTheServedVersionAndItsCard() {
    given()
        .get("/v1/models")
        .then()
        .statusCode(200)
        .body("served", equalTo(ShippedModel.VERSION))
        .body("versions", hasItem(ShippedModel.VERSION))
        .body("versions", hasItem("1.0.0"))
        .body("card.feature_set", equalTo(ShippedModel.card().featureSet()))
        .body("card.features", hasSize(ShippedModel.card().features().size()))
        .body(
            "card.evaluation.confusion_matrix[0][0]",
            equalTo((int) ShippedModel.card().evaluation().trueNegatives()));
  }

  @Test
  void aBoostedModelsCardIsReadWithoutItsTrees() {
    Response card = given().get("/v1/models/2.0.0");

    card.then()
        .statusCode(200)
        .body("algorithm", equalTo("xgboost"))
        .body("features", hasSize(ShippedModel.card("2.0.0").features().size()))
        .body("evaluation.roc_auc", org.hamcrest.Matchers.notNullValue());
    assertThat(card.jsonPath().getMap("$")).doesNotContainKey("tree_terms");
    // The file keeps them: they are what the service explains 2.0.0's predictions with.
    assertThat(ShippedModel.card("2.0.0").treeTerms()).isNotNull();
  }

  @Test
  void readyWhenModelAndStoreAre() {
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        // These two alone: each reads state kept in memory, none takes a database connection
        // (Quarkus's own datasource check would, and wait for one when the pool is busy).
        .body("checks.name", org.hamcrest.Matchers.containsInAnyOrder("model", "flight-store"));
    given().get("/q/health/live").then().statusCode(200);
  }

  @Test
  void metricsArePrometheusText() {
    postJson("/predict-flight", FlightRequests.prototype("1")).then().statusCode(200);

    given()
        .get("/metrics")
        .then()
        .statusCode(200)
        .body(containsString("http_server_requests_seconds_count"));
  }

  @Test
  void metricsHaveSloBucketsPredictionsByModelAndClassAndStoreLatency() {
    postJson("/predict-flight", FlightRequests.prototype("2")).then().statusCode(200);

    String metrics = given().get("/metrics").asString();

    assertThat(metrics)
        .contains("http_server_requests_seconds_bucket{")
        .containsPattern("http_server_requests_seconds_bucket\\{[^}]*le=\"0.25\"")
        .containsPattern("http_server_requests_seconds_bucket\\{[^}]*le=\"3.0\"")
        .containsPattern(
            "latam_predictions_total\\{[^}]*class=\"[01]\"[^}]*model_version=\""
                + ANSWERING.replace(".", "\\.")
                + "\"")
        .contains("latam_store_query_seconds_count{op=\"all\"}")
        .contains("latam_shed_requests_total");
  }

  @Test
  void everyMetricOfOursSaysWhatItCounts() {
    postJson("/predict-flight", FlightRequests.prototype("3")).then().statusCode(200);
    // Counted once something happens: a refused batch (and in AuthenticationTest, a refused token).
    postJson("/v1/flights", "{\"flights\": [{}]}").then().statusCode(422);

    assertThat(Scrape.withoutDescription()).isEmpty();
  }

  @Test
  void everyAnswerCarriesARequestIdAndKeepsTheCallersOwn() {
    String id = given().get("/health").then().statusCode(200).extract().header("X-Request-Id");
    assertThat(id).isNotBlank();

    given()
        .header("X-Request-Id", "caller-trace-0001")
        .get("/health")
        .then()
        .header("X-Request-Id", equalTo("caller-trace-0001"));
    given()
        .header("X-Request-Id", "bad id with spaces")
        .get("/nope")
        .then()
        .statusCode(404)
        .header("X-Request-Id", not(equalTo("bad id with spaces")));
  }

  @Test
  void openApiAndSwaggerUiAreServed() {
    given()
        .get("/openapi.json")
        .then()
        .statusCode(200)
        .body("paths", org.hamcrest.Matchers.hasKey("/predict-flight"))
        .body("paths", org.hamcrest.Matchers.hasKey("/v1/predictions"));
    given().get("/docs/").then().statusCode(200).body(containsString("swagger"));
  }

  @Test
  void theConsoleAndTheDocsCarryTheirSecurityHeadersHoweverThePathIsWritten() throws Exception {
    java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
    URI root = URI.create("http://localhost:" + RestAssured.port);
    for (String page :
        List.of(
            "/console/index.html",
            "/console%2Findex.html",
            "/docs/",
            "/docs/swagger-ui-bundle.js")) {
      java.net.http.HttpResponse<String> answer =
          client.send(
              java.net.http.HttpRequest.newBuilder(root.resolve(page)).build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());

      assertThat(answer.statusCode()).as(page).isEqualTo(200);
      // Their files keep their names from release to release: a browser asks again each time.
      assertThat(answer.headers().allValues("Cache-Control")).as(page).containsExactly("no-cache");
      assertThat(answer.headers().firstValue("X-Content-Type-Options"))
          .as(page)
          .hasValue("nosniff");
      assertThat(answer.headers().firstValue("Content-Security-Policy").orElse(""))
          .as(page)
          .contains("frame-ancestors 'none'")
          .contains("object-src 'none'");
      if (page.startsWith("/console")) {
        assertThat(answer.headers().firstValue("Content-Security-Policy").orElse(""))
            .as(page)
            .contains("script-src 'self'");
      }
    }
  }

  @Test
  void theOpenApiDocumentListsEachErrorTheRoutesAnswerWithItsBody() {
    record Answered(String path, String method, Response response, String schema) {}
    String problem = "#/components/schemas/Problem";
    List<Answered> answers =
        List.of(
            new Answered(
                "/predict-flight",
                "post",
                postJson("/predict-flight", FlightRequests.prototype("99999999")),
                problem),
            new Answered(
                "/predict-flight",
                "post",
                postJson("/predict-flight", FlightRequests.prototype("abc")),
                problem),
            new Answered("/predict-flight", "post", postJson("/predict-flight", "{"), problem),
            new Answered(
                "/predict-flight",
                "post",
                given().contentType(ContentType.TEXT).body("76").post("/predict-flight"),
                problem),
            new Answered("/check-flight", "get", given().get("/check-flight?Vlo_l=abc"), problem),
            new Answered(
                "/v1/predictions",
                "post",
                postJson("/v1/predictions", Map.of("flights", List.of())),
                problem),
            new Answered("/v1/board", "get", given().get("/v1/board?hours=99"), problem),
            new Answered("/v1/models/{version}", "get", given().get("/v1/models/9.9.9"), problem),
            new Answered(
                "/v2/models/{name}/infer",
                "post",
                postJson("/v2/models/latam-flight-delay/infer", "{"),
                "#/components/schemas/InferenceError"));
    Map<String, Object> paths = given().get("/openapi.json").jsonPath().getMap("paths");

    for (Answered answer : answers) {
      int status = answer.response().statusCode();
      assertThat(status).as(answer.path()).isBetween(400, 499);
      @SuppressWarnings("unchecked")
      Map<String, Object> responses =
          (Map<String, Object>)
              ((Map<String, Object>)
                      ((Map<String, Object>) paths.get(answer.path())).get(answer.method()))
                  .get("responses");
      assertThat(responses).as(answer.path() + " " + status).containsKey(Integer.toString(status));
      assertThat(responses.get(Integer.toString(status)).toString())
          .as(answer.path() + " " + status)
          .contains(answer.schema());
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void theOpenApiDocumentTellsAGeneratedClientTheTruth() throws Exception {
    String text = given().get("/openapi.json").asString();
    io.restassured.path.json.JsonPath document = io.restassured.path.json.JsonPath.from(text);
    Map<String, Map<String, Object>> paths = document.getMap("paths");

    List<String> ids = new ArrayList<>();
    java.util.Set<String> schemes = new java.util.HashSet<>();
    for (Map.Entry<String, Map<String, Object>> item : paths.entrySet()) {
      if (item.getKey().startsWith("/v1/things")) {
        continue; // AllowedMethodsTest's resources, on the tests' classpath only
      }
      for (Object operation : item.getValue().values()) {
        if (operation instanceof Map<?, ?> found && found.containsKey("responses")) {
          Map<String, Object> op = (Map<String, Object>) found;
          ids.add((String) op.get("operationId"));
          for (Map<String, Object> requirement :
              (List<Map<String, Object>>) op.getOrDefault("security", List.of())) {
            schemes.addAll(requirement.keySet());
          }
          for (Object response : ((Map<String, Object>) op.get("responses")).values()) {
            assertThat(((Map<String, Object>) response).get("headers").toString())
                .contains("X-Request-Id");
          }
        }
      }
    }
    assertThat(ids).doesNotContainNull().doesNotHaveDuplicates();
    // A generated client's method is named after its operation: a verb and what it acts on.
    assertThat(ids).allMatch(id -> id.matches("[a-z]+[A-Z][A-Za-z]*"), "a verb and an object");
    assertThat(schemes).containsExactly("bearerAuth");
    assertThat(schemes).isNotEmpty();
    for (String scheme : schemes) {
      assertThat(document.getString("components.securitySchemes." + scheme + ".scheme"))
          .isEqualTo("bearer");
    }
    // A flight's local time, as the service writes it, fits the schema; no zone is promised.
    String scheduled = given().get("/v1/flights/1").jsonPath().getString("scheduled_departure");
    assertThat(document.getString("components.schemas.LocalDateTime.format")).isNull();
    assertThat(scheduled).matches(document.getString("components.schemas.LocalDateTime.pattern"));
    assertThat(text).doesNotContain("JsonNode");
    assertThat(document.getMap("paths.'/predict-flight'.post.responses.200.headers"))
        .containsKeys("X-Model-Version", "X-Request-Id");
    assertThat(document.getMap("paths.'/v1/predictions'.post.responses.503.headers"))
        .containsKey("Retry-After");
    assertThat(document.getMap("paths.'/predict'.post.responses.200.headers"))
        .containsKeys("X-Model-Fallback", "X-Model-Version");
    assertThat(document.getMap("paths.'/v1/models'.post.responses.201.headers"))
        .containsKey("Location");
    com.fasterxml.jackson.databind.JsonNode tree =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
    com.fasterxml.jackson.databind.JsonNode answered =
        tree.at("/paths/~1predict-flight/post/responses/200/content");
    String answer = answered.findPath("$ref").asText().replace("#/components/schemas/", "");
    assertThat(tree.at("/components/schemas/" + answer + "/properties/Prediction/enum").toString())
        .as("the prototype's answer %s", answered)
        .isEqualTo("[\"High delayed probability\",\"Low delayed probability\"]");
    // One card and one graph a form: each part a file, not a list of them.
    assertThat(
            tree.at("/paths/~1v1~1models/post/requestBody/content/multipart~1form-data/schema")
                .path("properties")
                .path("card")
                .toString())
        .isEqualTo("{\"type\":\"string\",\"format\":\"binary\"}");
    assertThat(document.getMap("paths.'/v1/events/pubsub'.post.responses"))
        .containsKey("204")
        .doesNotContainKey("201");
    assertThat(
            document.getMap("paths.'/v2/models/{name}/infer'.post.responses.401.content").keySet())
        .containsExactly("application/json");
    // The rollout's body is the one RolloutChange, not an inline copy a client makes a type of.
    assertThat(
            document.getString(
                "paths.'/v1/rollout'.put.requestBody.content.'application/json'.schema.$ref"))
        .isEqualTo("#/components/schemas/RolloutChange");
    assertThat(document.getString("components.schemas.RolloutChange.required[0]"))
        .isEqualTo("champion");
    // A card made before training_rows was recorded leaves it out rather than send a null its
    // schema (an object) does not allow.
    assertThat(
            given()
                .get("/v1/models/1.0.0")
                .jsonPath()
                .getMap("training_data")
                .containsKey("training_rows"))
        .isFalse();
    // The limits the routes check are the schemas' too: a client can check before it sends.
    assertThat(document.getInt("components.schemas.ScheduleRequest.properties.flights.maxItems"))
        .isEqualTo(1_000);
    assertThat(document.getList("components.schemas.DeparturesRequest.required"))
        .containsExactly("departures");
    assertThat(document.getInt("components.schemas.ChallengeRequest.properties.flights.maxItems"))
        .isEqualTo(1_000);
    assertThat(
            document.getInt("components.schemas.FlightFeatures.properties.destination.maxLength"))
        .isEqualTo(8);
    // A generated client's types are named for what they are, not numbered in the order found.
    assertThat(answer).isEqualTo("PredictFlightResponse");
    assertThat(document.<String, Object>getMap("components.schemas").keySet())
        .noneMatch(name -> name.matches(".*\\d"));
    for (Map.Entry<String, Map<String, Object>> item : paths.entrySet()) {
      for (Map.Entry<String, Object> operation : item.getValue().entrySet()) {
        if (operation.getValue() instanceof Map<?, ?> op
            && op.get("responses") instanceof Map<?, ?> responses) {
          List<Object> codes = new ArrayList<>(responses.keySet());
          assertThat(codes).as("%s %s", operation.getKey(), item.getKey()).contains((Object) "406");
          if (responses.get("401") instanceof Map<?, ?> refused) {
            List<Object> headers = new ArrayList<>(((Map<?, ?>) refused.get("headers")).keySet());
            assertThat(headers).contains((Object) "WWW-Authenticate");
          }
        }
      }
    }
  }

  // --- bad input, every class ---

  @Test
  void malformedJsonIs400WithoutEchoingTheBody() {
    Response response = postJson("/predict-flight", "{\"Vlo_l\": SECRET-TOKEN-123");

    assertProblem(response, 400);
    assertThat(response.asString()).doesNotContain("SECRET-TOKEN-123");
  }

  @Test
  void wrongTypeIs422NamingTheFieldWithoutEchoingTheValue() {
    Response response = postJson("/predict-flight", "{\"Vlo_l\": {\"x\": \"SECRET-TOKEN-123\"}}");

    assertProblem(response, 422);
    response.then().body("errors[0].field", equalTo("Vlo_l"));
    assertThat(response.asString()).doesNotContain("SECRET-TOKEN-123");
  }

  @Test
  void aFractionOrABooleanForATextFieldIs422SayingWholeNumbersAreTaken() {
    for (String body : List.of("{\"Vlo_l\": 76.0}", "{\"Vlo_l\": 1e400}", "{\"Vlo_l\": true}")) {
      Response response = postJson("/predict-flight", body);

      assertProblem(response, 422);
      response
          .then()
          .body("errors[0].field", equalTo("Vlo_l"))
          .body("errors[0].detail", equalTo("must be a string or a whole number"));
    }
    postJson("/predict-flight", "{\"Vlo_l\": 4}").then().statusCode(200);
  }

  @Test
  void contentAfterTheBodysValueIs400AndNothingIsDone() {
    String rollout = given().get("/v1/rollout").then().statusCode(200).extract().asString();

    for (String[] call :
        new String[][] {
          {"/predict-flight", "{\"Vlo_l\": \"5\"}xyz", "not valid JSON (line 1, column 15)"},
          {"/predict-flight", "{\"Vlo_l\": \"5\"} {\"Vlo_l\": \"6\"}", "after its JSON value"},
          {"/v1/predictions", "{\"flights\": []} []", "after its JSON value"},
          {"/predict", "{\"flights\": []} 5", "after its JSON value"}
        }) {
      Response response = postJson(call[0], call[1]);
      assertProblem(response, 400);
      response
          .then()
          .body("type", equalTo("urn:latam-ml-infra:problem:malformed-json"))
          .body("detail", containsString(call[2]));
    }
    Response put =
        given()
            .contentType(ContentType.JSON)
            .body("{\"champion\": \"" + ANSWERING + "\"} {\"champion\": \"1.0.0\"}")
            .put("/v1/rollout");
    assertProblem(put, 400);
    assertThat(given().get("/v1/rollout").then().statusCode(200).extract().asString())
        .isEqualTo(rollout);
  }

  @Test
  void aBodyThatIsNotJsonIs400EvenWhereAValueOfTheWrongTypeComesFirst() {
    String month13 =
        "{\"flights\": [{\"airline\": \"Grupo LATAM\", \"flight_type\": \"N\","
            + " \"scheduled_departure\": \"2017-13-01T10:00:00\"}]";
    for (String[] call :
        new String[][] {
          {"/predict-flight", "{\"Vlo_l\": {nope}", "not valid JSON"},
          {"/predict-flight", "{\"Vlo_l\": [1,", "not valid JSON"},
          {
            "/predict-flight",
            "{\"Vlo_l\": \"5\", \"O_vlo\": [5], \"airline\": nope}",
            "not valid JSON"
          },
          {"/predict-flight", "{\"Vlo_l\": {}} {}", "after its JSON value"},
          {"/v1/predictions", "{\"flights\": {nope}", "not valid JSON"},
          {"/v1/predictions", "{\"flights\": [{\"scheduled_departure\": 5, nope", "not valid JSON"},
          {"/v1/predictions", month13 + ", nope", "not valid JSON"},
          {"/predict", "{\"flights\": {nope}", "not valid JSON"},
          {"/predict", month13 + "} []", "after its JSON value"}
        }) {
      Response response = postJson(call[0], call[1]);

      assertThat(response.statusCode()).as(call[1] + response.asString()).isEqualTo(400);
      assertProblem(response, 400);
      response
          .then()
          .body("type", equalTo("urn:latam-ml-infra:problem:malformed-json"))
          .body("detail", containsString(call[2]));
    }
    // The same values in well-formed bodies are still refused for their types.
    assertProblem(postJson("/predict-flight", "{\"Vlo_l\": {}}"), 422);
    assertProblem(postJson("/v1/predictions", month13 + "}"), 422);
  }

  @Test
  void aValueNestedPastJacksonsLimitIsMalformedJsonOnEveryRoute() {
    String deep = "[".repeat(1_001) + "]".repeat(1_001);

    for (String[] call :
        new String[][] {
          {"/predict-flight", "{\"Vlo_l\": \"5\", \"x\": " + deep + "}"},
          // A key the batch does not take, whose value the mapper reads to refuse it.
          {"/v1/predictions", "{\"flights\": [{\"x\": " + deep + "}]}"},
          {"/predict", "{\"flights\": [{\"x\": " + deep + "}]}"}
        }) {
      Response response = postJson(call[0], call[1]);

      assertProblem(response, 400);
      response
          .then()
          .body("type", equalTo("urn:latam-ml-infra:problem:malformed-json"))
          .body("detail", containsString("nested deeper than 1,000 levels"));
    }
  }

  @Test
  void aFlightsTimeWithAZoneIs422SayingItTakesNone() {
    for (String time : new String[] {"2017-07-14T19:00:00Z", "2017-07-14T19:00:00-04:00"}) {
      Response response =
          postJson(
              "/v1/predictions",
              "{\"flights\": [{\"airline\": \"Grupo LATAM\", \"flight_type\": \"N\","
                  + " \"scheduled_departure\": \""
                  + time
                  + "\"}]}");

      assertProblem(response, 422);
      response
          .then()
          .body("errors[0].field", equalTo("flights[0].scheduled_departure"))
          .body("errors[0].detail", containsString("without a zone"));
    }
  }

  @Test
  void aNumberOrAKeyPastJacksonsLimitsIsMalformedJsonSayingWhich() {
    String[][] calls = {
      {"\"MES\": " + "9".repeat(1_001), "a number of more than 1,000 digits"},
      {"\"" + "k".repeat(50_001) + "\": 1", "a key longer than 50,000 bytes"}
    };
    for (String[] call : calls) {
      Response response =
          postJson(
              "/predict",
              "{\"flights\": [{\"OPERA\": \"Grupo LATAM\", \"TIPOVUELO\": \"N\", "
                  + call[0]
                  + "}]}");

      assertProblem(response, 400);
      response
          .then()
          .body("type", equalTo("urn:latam-ml-infra:problem:malformed-json"))
          .body("detail", containsString(call[1]));
    }
  }

  @Test
  void aMonthTooLargeForAnIntegerIs422SayingItIsOutOfRange() {
    Response response =
        postJson(
            "/predict",
            "{\"flights\": [{\"OPERA\": \"Grupo LATAM\", \"TIPOVUELO\": \"N\","
                + " \"MES\": 99999999999999999999}]}");

    assertProblem(response, 422);
    response
        .then()
        .body("errors[0].field", equalTo("flights[0].MES"))
        .body("errors[0].detail", equalTo("is a number out of range"));
  }

  @Test
  void aNumberWithAFractionOrExponentForTextIs422() {
    for (String number : new String[] {"1E2", "1e309", "9.5"}) {
      Response response =
          postJson(
              "/v1/predictions",
              "{\"flights\": [{\"airline\": \"Grupo LATAM\", \"flight_type\": \"N\","
                  + " \"flight_number\": "
                  + number
                  + ", \"scheduled_departure\": \"2017-07-14T19:00:00\"}]}");
      assertProblem(response, 422);
      response.then().body("errors[0].field", equalTo("flights[0].flight_number"));
    }
  }

  @Test
  void aFlagTakesTrueOrFalseAlone() {
    for (String flag : new String[] {"2", "1", "\"true\""}) {
      Response response =
          postJson("/v1/flights/import", "{\"file\": \"none.csv\", \"replace\": " + flag + "}");
      assertProblem(response, 422);
      response.then().body("errors[0].field", equalTo("replace"));
    }
  }

  @Test
  void aFormWithoutAUsableBoundaryIs400() throws Exception {
    for (String type :
        new String[] {
          "multipart/form-data",
          "multipart/form-data; boundary=",
          "multipart/form-data; boundary=\"\"",
          "multipart/form-data; boundary=" + "x".repeat(71),
          "multipart/form-data; boundary=a{b"
        }) {
      assertMalformedForm(postForm("/v1/models", type, "--x\r\n"));
    }
    // Only the upload takes a form: elsewhere such a body is of the wrong media type.
    assertThat(postForm("/predict-flight", "multipart/form-data", "--x\r\n").statusCode())
        .isEqualTo(415);
  }

  @Test
  void aFormThatIsNotWholeIs400() throws Exception {
    for (String body :
        new String[] {
          "garbage", "--XYZ\r\nContent-Disposition: form-data; name=\"card\"\r\n\r\n{}", ""
        }) {
      assertMalformedForm(postForm("/v1/models", "multipart/form-data; boundary=XYZ", body));
    }
  }

  @Test
  void aFormOfMoreThanAThousandPartsIs400() throws Exception {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 1_001; i++) {
      body.append("--XYZ\r\nContent-Disposition: form-data; name=\"p")
          .append(i)
          .append("\"\r\n\r\nx\r\n");
    }
    body.append("--XYZ--\r\n");

    assertMalformedForm(
        postForm("/v1/models", "multipart/form-data; boundary=XYZ", body.toString()));
  }

  /** A POST with this Content-Type and body, sent as given (no client's boundary). */
  private static java.net.http.HttpResponse<String> postForm(String path, String type, String body)
      throws Exception {
    return java.net.http.HttpClient.newBuilder()
        .version(java.net.http.HttpClient.Version.HTTP_1_1)
        .build()
        .send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://localhost:" + RestAssured.port + path))
                .header("Content-Type", type)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
  }

  private static void assertMalformedForm(java.net.http.HttpResponse<String> response) {
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(io.restassured.path.json.JsonPath.from(response.body()).getString("type"))
        .isEqualTo("urn:latam-ml-infra:problem:malformed-form");
    assertThat(response.body()).doesNotContain("Exception");
  }

  @Test
  void missingBodyIs422() {
    assertProblem(given().contentType(ContentType.JSON).post("/predict-flight"), 422);
  }

  @Test
  void bodyOver64KiBIs413() {
    String big = "{\"Vlo_l\": \"" + "7".repeat(70_000) + "\"}";

    assertProblem(postJson("/predict-flight", big), 413);
  }

  @Test
  void unknownRouteIs404() {
    assertProblem(given().get("/no/such/route"), 404);
  }

  @Test
  void wrongMethodIs405ListingThePathsMethodsInAllow() {
    assertProblem(given().delete("/predict-flight"), 405);
    given().get("/predict-flight").then().statusCode(405).header("Allow", "OPTIONS, POST");
    given().delete("/v1/rollout").then().statusCode(405).header("Allow", "GET, HEAD, OPTIONS, PUT");
    given()
        .delete("/v2/models/latam-flight-delay/versions/1.1.0/infer")
        .then()
        .statusCode(405)
        .header("Allow", "OPTIONS, POST");
    given()
        .put("/v1/models/" + ANSWERING)
        .then()
        .statusCode(405)
        .header("Allow", "GET, HEAD, OPTIONS");
    given().get("/v1/models/served").then().statusCode(405).header("Allow", "OPTIONS, PUT");
    // The scrape and the probes, which Quarkus's own handlers answer.
    assertProblem(given().post("/metrics"), 405);
    given().delete("/metrics").then().statusCode(405).header("Allow", "GET, HEAD, OPTIONS");
    given().put("/q/health/ready").then().statusCode(405).header("Allow", "GET, HEAD, OPTIONS");
    given().get("/metrics").then().statusCode(200);
    given().head("/q/health/ready").then().statusCode(200);
  }

  @Test
  void optionsListsThePathsMethodsAsA405Does() {
    for (String path :
        List.of(
            "/predict-flight",
            "/check-flight",
            "/v1/rollout",
            "/v1/models/served",
            "/v1/models/" + ANSWERING,
            "/v2/models/latam-flight-delay/versions/1.1.0/infer")) {
      String offered = given().options(path).then().statusCode(200).extract().header("Allow");
      String refused =
          given()
              .request(offered.contains("GET") ? "DELETE" : "GET", path)
              .then()
              .statusCode(405)
              .extract()
              .header("Allow");
      assertThat(offered).as(path).isEqualTo(refused);
    }
    given().options("/predict-flight").then().header("Allow", "OPTIONS, POST");
  }

  @Test
  void aGzippedBodyIs415AskingForItUnencodedOnEveryRoute() throws java.io.IOException {
    String rollout = given().get("/v1/rollout").then().statusCode(200).extract().asString();
    for (String[] call :
        new String[][] {
          {"POST", "/predict-flight", "{\"Vlo_l\": \"4\"}"},
          {"POST", "/v1/predictions", "{\"flights\": [{\"id\": 4}]}"},
          {"PUT", "/v1/rollout", "{\"champion\": \"" + ANSWERING + "\"}"}
        }) {
      java.io.ByteArrayOutputStream zipped = new java.io.ByteArrayOutputStream();
      try (var gzip = new java.util.zip.GZIPOutputStream(zipped)) {
        gzip.write(call[2].getBytes(StandardCharsets.UTF_8));
      }
      Response response =
          given()
              .contentType(ContentType.JSON)
              .header("Content-Encoding", "gzip")
              .body(zipped.toByteArray())
              .request(call[0], call[1]);

      assertProblem(response, 415);
      response
          .then()
          .header("Accept-Encoding", "identity")
          .body("type", equalTo("urn:latam-ml-infra:problem:unsupported-media-type"))
          .body("detail", containsString("send it unencoded"));
    }
    assertThat(given().get("/v1/rollout").then().statusCode(200).extract().asString())
        .isEqualTo(rollout);
    given()
        .contentType(ContentType.JSON)
        .header("Content-Encoding", "identity")
        .body("{\"Vlo_l\": \"4\"}")
        .post("/predict-flight")
        .then()
        .statusCode(200);
  }

  @Test
  void wrongContentTypeIs415NamingTheRoutesMediaType() {
    Response response = given().contentType(ContentType.TEXT).body("76").post("/predict-flight");

    assertProblem(response, 415);
    response
        .then()
        .body("detail", containsString("application/json"))
        .body("detail", not(containsString("multipart")));
  }

  /** A body sent in chunks, without a length, on a raw connection: what curl -T - sends. */
  private static String postChunked(String path, String body) throws Exception {
    return postChunked(path, "application/json", body);
  }

  /** A body of {@code type} sent in chunks, without a length. */
  private static String postChunked(String path, String type, String body) throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), RestAssured.port)) {
      socket.setSoTimeout(10_000);
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      // Sent from another thread while the answer is read: a service that answers before the
      // body's end and closes resets the connection, and the answer must be read before that.
      Thread sender =
          Thread.ofVirtual()
              .start(() -> {
                try {
                  var out = socket.getOutputStream();
                  out.write(
                      ("POST "
                              + path
                              + " HTTP/1.1\r\nHost: localhost\r\n"
                              + "Content-Type: "
                              + type
                              + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
                          .getBytes(StandardCharsets.US_ASCII));
                  for (int from = 0; from < bytes.length; from += 8_192) {
                    int length = Math.min(8_192, bytes.length - from);
                    out.write(
                        (Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(bytes, from, length);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                  }
                  out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (java.io.IOException refusedMidway) {
                  // The service answered and closed before the whole body was sent.
                }
              });
      var answer = new java.io.ByteArrayOutputStream();
      byte[] buffer = new byte[8_192];
      try {
        for (int read; (read = socket.getInputStream().read(buffer)) > 0; ) {
          answer.write(buffer, 0, read);
        }
      } catch (java.net.SocketException reset) {
        // Closed under a body still coming: what was answered before is kept.
      }
      sender.join();
      return answer.toString(StandardCharsets.UTF_8);
    }
  }

  @Test
  void aJsonBodySentWithoutALengthIsStoppedAtTheLargestJsonBodyWith413AndNoErrorLogged()
      throws Exception {
    String[] answer = new String[1];
    List<String> errors =
        LoggedErrors.during(() ->
            answer[0] =
                postChunked(
                    "/v1/predictions",
                    "{\"flights\": [{\"airline\": \"" + "A".repeat(2 * 1024 * 1024) + "\"}]}"));

    assertThat(answer[0])
        .startsWith("HTTP/1.1 413 ")
        .contains("urn:latam-ml-infra:problem:body-too-large")
        .contains(String.valueOf(RequestLimits.MAX_PUSH_BODY));
    assertThat(errors).isEmpty();
  }

  @Test
  void aFormSentWithoutALengthPast8MiBIs413WithNoBodyAndNoErrorLogged() throws Exception {
    String[] answer = new String[1];
    List<String> errors =
        LoggedErrors.during(() ->
            answer[0] =
                postChunked(
                    "/v1/models",
                    "multipart/form-data; boundary=XYZ",
                    "--XYZ\r\nContent-Disposition: form-data; name=\"card\"; filename=\"c\"\r\n\r\n"
                        + "7".repeat(9 * 1024 * 1024)));

    assertThat(answer[0]).startsWith("HTTP/1.1 413 ").endsWith("\r\n\r\n");
    assertThat(errors).isEmpty();
  }

  @Test
  void aBodySentWithoutALengthIsAnswered() throws Exception {
    String answer =
        postChunked(
            "/predict-flight",
            "{\"Vlo_l\": \"7\", \"Fecha_l\": \"\", \"O_vlo\": \"\", \"O_fecha\": \"\","
                + " \"flight_type\": \"\", \"airline\": \"\", \"note\": \""
                + "x".repeat(20_000)
                + "\"}");

    assertThat(answer).startsWith("HTTP/1.1 200 ").contains("delayed probability");
  }

  @Test
  void aKeyGivenTwiceIs400NamingItOnEveryRoute() {
    for (String body :
        List.of("{\"Vlo_l\": \"1\", \"Vlo_l\": \"2\"}", "{\"Vlo_l\": \"1\", \"Vlo_l\": \"1\"}")) {
      assertDuplicateNamed("/predict-flight", body, "Vlo_l");
    }
    assertDuplicateNamed(
        "/v1/predictions",
        "{\"flights\": [{\"airline\": \"Grupo LATAM\", \"airline\": \"Sky Airline\","
            + " \"flight_type\": \"I\", \"scheduled_departure\": \"2017-07-14T19:00:00\"}]}",
        "flights[0].airline");
  }

  @Test
  void aKeyGivenTwiceIsNamedByItsWholePath() {
    assertDuplicateNamed(
        "/predict-flight", "{\"Vlo_l\": \"7\", \"extra\": {\"a\": 1, \"a\": 2}}", "extra.a");
    // In an object the route ignores, which the binding skips and so leaves out of its path.
    assertDuplicateNamed(
        "/v1/predictions",
        "{\"flights\": [{\"airline\": \"Grupo LATAM\", \"flight_type\": \"I\","
            + " \"scheduled_departure\": \"2017-07-14T19:00:00\","
            + " \"meta\": {\"notes\": [{\"k\": 1, \"k\": 2}]}}]}",
        "flights[0].meta.notes[0].k");
    // A body read as a tree (a schedule).
    assertDuplicateNamed(
        "/v1/flights",
        "{\"flights\": [{\"airline_code\": \"LAN\", \"airline_code\": \"SKU\"}]}",
        "flights[0].airline_code");
    // After a value of the wrong type in an earlier flight: the key's place, not that value's.
    assertDuplicateNamed(
        "/v1/predictions",
        "{\"flights\": [{\"airline\": [], \"flight_type\": \"I\","
            + " \"scheduled_departure\": \"2017-07-14T19:00:00\"},"
            + " {\"airline\": \"Grupo LATAM\", \"airline\": \"Sky Airline\"}]}",
        "flights[1].airline");
    // A path longer than a name is cut in its middle, so that the key itself stays named.
    assertDuplicateNamed(
        "/predict-flight",
        "{\"Vlo_l\": \"7\", \"extra\": {\""
            + "a".repeat(60)
            + "\": {\""
            + "b".repeat(60)
            + "\": {\"k\": 1, \"k\": 2}}}}",
        "extra." + "a".repeat(34) + "..." + "b".repeat(55) + ".k");
  }

  private static void assertDuplicateNamed(String path, String body, String field) {
    Response response = postJson(path, body);
    assertProblem(response, 400);
    response
        .then()
        .body("type", equalTo("urn:latam-ml-infra:problem:duplicate-key"))
        .body("errors[0].field", equalTo(field));
  }

  @Test
  void theHttpLayersRefusalsAreProblemsOfTheirOwnType() {
    postJson("/predict-flight", "{\"Vlo_l\": \"" + "7".repeat(70_000) + "\"}")
        .then()
        .body("type", equalTo("urn:latam-ml-infra:problem:body-too-large"));
    given()
        .contentType(ContentType.TEXT)
        .body("76")
        .post("/predict-flight")
        .then()
        .body("type", equalTo("urn:latam-ml-infra:problem:unsupported-media-type"));
    given()
        .get("/predict-flight")
        .then()
        .body("type", equalTo("urn:latam-ml-infra:problem:method-not-allowed"));
  }

  @Test
  void aProblemNeverCarriesAStackTrace() {
    Response response = postJson("/v1/predictions", "[1, 2, 3]");

    assertThat(response.statusCode()).isIn(400, 422);
    assertThat(response.asString()).doesNotContain("at org.", "at java.", "Exception");
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.asString())
        .isNotEmpty()
        .satisfies(body -> assertThat(body).contains("\"status\""));
    response.then().body("status", not(equalTo(500)));
  }

  /** README.md: the refusals the HTTP server makes before the service, without a problem body. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "400 GET /check-flight?Vlo_l=%zz HTTP/1.1",
        "400 GET /check-flight?Vlo_l={ HTTP/1.1",
        "400 GET /check-flight?Vlo_l=7 6 HTTP/1.1",
        "414 GET /check-flight?Vlo_l=LONG HTTP/1.1",
        "431 GET /check-flight?Vlo_l=76 HTTP/1.1\r\nX-Big: BIG"
      })
  void theHttpServersOwnRefusalsHaveAStatusAndNoBody(String refusal) throws Exception {
    String status = refusal.substring(0, 3);
    String head =
        refusal
            .substring(4)
            .replace("LONG", "7".repeat(4_100))
            .replace("BIG", "x".repeat(65 * 1024));
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), RestAssured.port)) {
      socket.setSoTimeout(5_000);
      socket
          .getOutputStream()
          .write(
              (head + "\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);

      // A line that does not parse is answered as HTTP/1.0: its version was never read.
      assertThat(answer)
          .matches("(?s)HTTP/1\\.[01] " + status + " .*")
          .containsIgnoringCase("content-length: 0")
          .endsWith("\r\n\r\n");
    }
  }
}
