package org.latamml.predictionlog;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.latamml.features.FlightContext;
import org.latamml.prediction.ShadowScoring;
import org.latamml.testing.LiveFeed;
import org.latamml.testing.Rollouts;

/**
 * Every prediction a route answers is logged, whether predicted now or answered again from a kept
 * answer (the prototype route's fast path), with its request id and flight; the log reads back as
 * JSON, or as CSV for analysis.
 */
@QuarkusTest
@TestProfile(PredictionLogRouteTest.FixtureFlights.class)
class PredictionLogRouteTest {

  /** The fixture's flights in a store of its own, 1.1.0 served. */
  public static final class FixtureFlights implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      Map<String, String> settings =
          new java.util.HashMap<>(LiveFeed.emptyStoreServing("prediction-log-routes", "1.1.0"));
      settings.put("latam.flights-csv", "src/test/resources/flights.csv");
      return settings;
    }
  }

  @Inject PredictionLog log;
  @Inject ShadowScoring shadow;

  private static void predictFlight(String id, String requestId) {
    given()
        .contentType(ContentType.JSON)
        .header("X-Request-Id", requestId)
        .body(Map.of("Vlo_l", id))
        .post("/predict-flight")
        .then()
        .statusCode(200)
        .header("X-Model-Version", "1.1.0");
  }

  private static JsonPath logOf(String from, String flight) {
    return given()
        .queryParam("from", from)
        .queryParam("flight", flight)
        .get("/v1/predictions/log")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  @Test
  void itsRoomUnsetIsTheHeapsDefaultAndTheMetricsSaySo() {
    String metrics = given().get("/metrics").then().statusCode(200).extract().asString();

    String room =
        metrics
            .lines()
            .filter(line -> line.startsWith("latam_prediction_log_room_bytes "))
            .findFirst()
            .orElseThrow();
    assertThat(Double.parseDouble(room.substring(room.indexOf(' ') + 1)))
        .isEqualTo((double) PredictionLog.defaultRoomBytes(Runtime.getRuntime().maxMemory()));
  }

  @Test
  void everyAnswerOfThePrototypeRouteIsLoggedKeptAnswersToo() throws InterruptedException {
    String from = Instant.now().minusSeconds(1).toString();
    predictFlight("3", "log-route-first-ask");
    predictFlight("3", "log-route-second-ask");
    given()
        .contentType(ContentType.JSON)
        .header("X-Request-Id", "log-route-explained")
        .body(Map.of("Vlo_l", "3"))
        .post("/predict-flight?explain=true")
        .then()
        .statusCode(200)
        .header("X-Model-Version", "1.1.0");
    assertThat(log.flush(10_000)).isTrue();

    JsonPath logged = logOf(from, "3");

    assertThat(logged.getList("entries.request_id", String.class))
        .containsExactly("log-route-first-ask", "log-route-second-ask", "log-route-explained");
    assertThat(logged.getList("entries.flight_id", Integer.class)).containsOnly(3);
    assertThat(logged.getList("entries.route", String.class)).containsOnly("/predict-flight");
    assertThat(logged.getList("entries.model_version", String.class)).containsOnly("1.1.0");
    assertThat(logged.getList("entries.input_digest", String.class).stream().distinct())
        .hasSize(1)
        .allSatisfy(d -> assertThat(d).matches("[0-9a-f]{16}"));
    assertThat(logged.getList("entries.probability", Double.class).stream().distinct()).hasSize(1);
    // What 1.1.0 read of flight 3 (Antofagasta, national), and no airport context: it reads none.
    assertThat(logged.getList("entries.destination", String.class)).containsOnly("SCFA");
    assertThat(logged.getList("entries.flight_type", String.class)).containsOnly("N");
    assertThat(logged.getList("entries.context")).containsOnlyNulls();
  }

  @Test
  void aCallersAirlineIsLoggedInTheSpellingTheModelKnows() throws InterruptedException {
    String from = Instant.now().minusSeconds(1).toString();
    given()
        .contentType(ContentType.JSON)
        .header("X-Request-Id", "log-route-spelled")
        .body(
            Map.of(
                "flights",
                List.of(
                    Map.of(
                        "airline", "grupo latam",
                        "flight_type", "N",
                        "scheduled_departure", "2017-01-02T10:00:00",
                        "flight_number", "77"))))
        .post("/v1/predictions")
        .then()
        .statusCode(200);
    assertThat(log.flush(10_000)).isTrue();

    JsonPath logged =
        given().queryParam("from", from).get("/v1/predictions/log").then().extract().jsonPath();

    assertThat(logged.getList("entries.findAll { it.request_id == 'log-route-spelled' }.airline"))
        .containsExactly("Grupo LATAM");
  }

  @Test
  void namesTheContextAModelReadByItsInputsAsTheFloatsItRead() {
    Map<String, Number> named =
        PredictionLogResource.contextOf(
            new FlightContext(3, 5, 0.1, -7.5, 0.125, 1, 9, 0.25, 8.5, 0.5, 0.75, 0, 1));

    assertThat(named)
        .containsExactly(
            Map.entry("scheduled_same_hour", 3L),
            Map.entry("departed_1_to_3h_before", 5L),
            Map.entry("delay_rate_1_to_3h_before", 0.1f),
            Map.entry("mean_delay_1_to_3h_before", -7.5f),
            Map.entry("delay_rate_today", 0.125f),
            Map.entry("airline_delay_rate_1_to_3h_before", 1L),
            Map.entry("scheduled_within_1h", 9L),
            Map.entry("delay_rate_24h_before", 0.25f),
            Map.entry("mean_delay_24h_before", 8.5f),
            Map.entry("delay_rate_7d_before", 0.5f),
            Map.entry("airline_delay_rate_7d_before", 0.75f),
            Map.entry("destination_delay_rate_7d_before", 0L),
            Map.entry("flight_delay_rate_28d_before", 1L));
  }

  @Test
  void aShadowChallengerScoresTheFastPathsKeptAnswersToo() throws InterruptedException {
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("champion", "1.1.0", "challenger", "1.0.0", "mode", "shadow"))
        .put("/v1/rollout")
        .then()
        .statusCode(200);
    try {
      String from = Instant.now().minusSeconds(1).toString();
      predictFlight("5", "shadow-fast-1");
      predictFlight("5", "shadow-fast-2");
      assertThat(shadow.drain(10_000)).isTrue();
      assertThat(log.flush(10_000)).isTrue();

      JsonPath logged = logOf(from, "5");

      List<Map<String, Object>> entries = logged.getList("entries");
      assertThat(entries)
          .filteredOn(e -> Boolean.TRUE.equals(e.get("shadow")))
          .extracting(e -> e.get("request_id"))
          .containsExactlyInAnyOrder("shadow-fast-1", "shadow-fast-2");
      assertThat(entries)
          .filteredOn(e -> Boolean.TRUE.equals(e.get("shadow")))
          .extracting(e -> e.get("model_version"))
          .containsOnly("1.0.0");
    } finally {
      Rollouts.serveAlone("1.1.0");
    }
  }

  @Test
  void exportsTheLogAsCsv() throws InterruptedException {
    String from = Instant.now().minusSeconds(1).toString();
    predictFlight("7", "csv-export-1");
    assertThat(log.flush(10_000)).isTrue();

    String csv =
        given()
            .accept("text/csv")
            .queryParam("from", from)
            .queryParam("flight", "7")
            .get("/v1/predictions/log")
            .then()
            .statusCode(200)
            .contentType(containsString("text/csv"))
            .extract()
            .asString();

    List<String> lines = csv.lines().toList();
    assertThat(lines.get(0)).startsWith("logged_at,request_id,route,flight_id,");
    assertThat(lines).hasSize(2);
    assertThat(lines.get(1)).contains(",csv-export-1,/predict-flight,7,").contains(",1.1.0,");
    assertThat(lines.get(0))
        .endsWith(
            ",input_digest,destination,flight_type,scheduled_same_hour,departed_1_to_3h_before,"
                + "delay_rate_1_to_3h_before,mean_delay_1_to_3h_before,delay_rate_today,"
                + "airline_delay_rate_1_to_3h_before,scheduled_within_1h,delay_rate_24h_before,"
                + "mean_delay_24h_before,delay_rate_7d_before,airline_delay_rate_7d_before,"
                + "destination_delay_rate_7d_before,flight_delay_rate_28d_before");
    assertThat(lines.get(1).split(",", -1)).hasSize(lines.get(0).split(",").length);
    // The flight's time as the JSON page writes it, to its second.
    String scheduled =
        given()
            .queryParam("from", from)
            .queryParam("flight", "7")
            .get("/v1/predictions/log")
            .then()
            .statusCode(200)
            .extract()
            .path("entries[0].scheduled_departure");
    assertThat(scheduled).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}");
    assertThat(lines.get(1)).contains("," + scheduled + ",");
  }

  @Test
  void writesAFlightTimeOnTheMinuteWithItsSecondsInCsv() {
    LoggedPrediction logged =
        new LoggedPrediction(
            0L,
            "r-1",
            "/predict-flight",
            7,
            "LAN",
            "Grupo LATAM",
            "730",
            java.time.LocalDateTime.of(2017, 1, 28, 22, 30),
            "1.1.0",
            0.25,
            false,
            false,
            false,
            1L,
            "SAEZ",
            "I",
            null);
    assertThat(PredictionLogResource.csvLine(logged)).contains(",2017-01-28T22:30:00,1.1.0,");
  }

  @Test
  void refusesAModelVersionThatIsNotOneWith422WithoutNamingIt() {
    for (String accept : new String[] {"application/json", "text/csv"}) {
      given()
          .queryParam("model_version", "2.0.0' OR 1=1")
          .accept(accept)
          .get("/v1/predictions/log")
          .then()
          .statusCode(422)
          .body("errors[0].field", equalTo("model_version"))
          .body(not(containsString("OR 1=1")));
    }
    given()
        .queryParam("model_version", " 2.0.0 ")
        .get("/v1/predictions/log")
        .then()
        .statusCode(200);
  }

  @Test
  void refusesAnUnreadableTimeOrFlightWith422() {
    given()
        .queryParam("from", "yesterday")
        .get("/v1/predictions/log")
        .then()
        .statusCode(422)
        .body("errors.field", hasItem("from"));
    for (String far : new String[] {"-999999999-01-01T00:00:00Z", "+999999999-12-31T00:00:00Z"}) {
      given()
          .queryParam("from", far)
          .get("/v1/predictions/log")
          .then()
          .statusCode(422)
          .body("errors.field", hasItem("from"));
    }
    given()
        .queryParam("flight", "LAN 730")
        .get("/v1/predictions/log")
        .then()
        .statusCode(422)
        .body("errors.field", hasItem("flight"));
    given()
        .queryParam("flight", "0")
        .get("/v1/predictions/log")
        .then()
        .statusCode(422)
        .body("errors.field", hasItem("flight"));
    for (String limit : new String[] {"0", "abc", "10001"}) {
      for (String accept : new String[] {"application/json", "text/csv"}) {
        given()
            .queryParam("limit", limit)
            .accept(accept)
            .get("/v1/predictions/log")
            .then()
            .statusCode(422)
            .body("errors[0].field", equalTo("limit"));
      }
    }
  }

  @Test
  void aCallersTextThatWouldRunAsASpreadsheetFormulaIsWrittenAsText() {
    assertThat(PredictionLogResource.quoted("=HYPERLINK(\"http://x\",\"y\")"))
        .isEqualTo("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
    assertThat(PredictionLogResource.quoted("@SUM(A1)")).isEqualTo("'@SUM(A1)");
    assertThat(PredictionLogResource.quoted("+SAEZ")).isEqualTo("'+SAEZ");
    assertThat(PredictionLogResource.quoted("-1")).isEqualTo("'-1");
    assertThat(PredictionLogResource.quoted("Grupo LATAM")).isEqualTo("Grupo LATAM");
    assertThat(PredictionLogResource.quoted("a,b")).isEqualTo("\"a,b\"");
  }
}
