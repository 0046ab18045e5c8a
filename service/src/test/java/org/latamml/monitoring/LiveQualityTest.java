package org.latamml.monitoring;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.latamml.artifact.ModelDirectory;
import org.latamml.fixtures.FlightFixtures;
import org.latamml.flight.Flight;
import org.latamml.predictionlog.LoggedPrediction;
import org.latamml.predictionlog.PredictionLog;
import org.latamml.testing.LiveFeed;
import org.latamml.testing.LoggedErrors;
import org.latamml.testing.ShippedModel;
import org.latamml.testing.TrainingCli;

/**
 * A synthetic quarter sent through the API as it would happen: each day's schedule, the operations
 * tool's predictions of it (some flights asked twice), then the departures. The monitor joins them,
 * and the live quality over the quarter equals {@code ./latam evaluate} on the same flights.
 */
@QuarkusTest
@TestProfile(LiveQualityTest.EmptyStore.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveQualityTest {
  private static final LocalDate FIRST = LocalDate.of(2017, 10, 1);
  private static final int DAYS = 92;
  private static final int FLIGHTS_PER_DAY = 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** An empty store of its own, 1.1.0 served; the test moves the monitor itself. */
  public static final class EmptyStore implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      Map<String, String> settings =
          new HashMap<>(LiveFeed.emptyStoreServing("monitoring", "1.1.0"));
      settings.put("latam.monitoring.interval", "1h");
      settings.put("latam.models-dir", ShippedModel.copyOfModels().toString());
      return settings;
    }
  }

  @Inject OutcomeMonitor monitor;
  @Inject QualityGauges gauges;
  @Inject PredictionLog log;
  @Inject org.latamml.prediction.ShadowScoring shadow;

  private static final List<Flight> QUARTER = quarter();

  private static List<Flight> quarter() {
    List<Flight> flights = new ArrayList<>();
    for (int d = 0; d < DAYS; d++) {
      flights.addAll(FlightFixtures.syntheticDay(FIRST.plusDays(d), FLIGHTS_PER_DAY, 17 + d));
    }
    return flights;
  }

  private static Map<String, Object> scheduled(Flight f) {
    Map<String, Object> flight = new LinkedHashMap<>();
    flight.put("scheduled_departure", f.scheduledDeparture().toString());
    flight.put("flight_number", f.flightNumber());
    flight.put("airline", f.airline());
    flight.put("airline_code", f.airlineCode());
    flight.put("flight_type", f.type().code());
    flight.put("destination", f.destination());
    return flight;
  }

  private static Map<String, Object> asked(Flight f) {
    return Map.of(
        "airline", f.airline(),
        "flight_type", f.type().code(),
        "scheduled_departure", f.scheduledDeparture().toString(),
        "destination", f.destination(),
        "flight_number", f.flightNumber());
  }

  private static JsonNode quality(String query) throws Exception {
    String body =
        given()
            .get("/v1/models/1.1.0/quality?" + query)
            .then()
            .log()
            .ifValidationFails()
            .statusCode(200)
            .extract()
            .asString();
    return JSON.readTree(body);
  }

  private static JsonNode comparison(String query) throws Exception {
    return JSON.readTree(
        given()
            .get("/v1/rollout/comparison?" + query)
            .then()
            .log()
            .ifValidationFails()
            .statusCode(200)
            .extract()
            .asString());
  }

  /** Sends a flight's schedule, then its departure at {@code actual}; its id. */
  private static long scheduleAndDepart(Map<String, Object> flight, String actual) {
    long id =
        LiveFeed.sendSchedule(List.of(flight))
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getLong("flights[0].id");
    LiveFeed.sendDepartures(List.of(LiveFeed.departure(flight, actual))).then().statusCode(200);
    return id;
  }

  private void monitorCatchesUp() throws Exception {
    catchUp(monitor, log);
  }

  /** Once what the log holds is written, has the monitor read all of it and every departure. */
  static void catchUp(OutcomeMonitor monitor, PredictionLog log) throws Exception {
    assertThat(log.flush(20_000)).isTrue();
    OutcomeMonitor.Progress progress;
    do {
      progress = monitor.catchUp(Instant.now().plusSeconds(1), 100);
    } while (!progress.caughtUp());
  }

  @Test
  @Order(1)
  void predictionsWaitForTheirOutcomesWithWhatTheirProbabilitiesLeadToExpect() throws Exception {
    for (int d = 0; d < DAYS; d++) {
      List<Flight> day = QUARTER.subList(d * FLIGHTS_PER_DAY, (d + 1) * FLIGHTS_PER_DAY);
      LiveFeed.sendSchedule(day.stream().map(LiveQualityTest::scheduled).toList())
          .then()
          .statusCode(200);
      // The tool asks again about the day's first flights: one flight, one kept prediction.
      List<Map<String, Object>> asked =
          new ArrayList<>(day.stream().map(LiveQualityTest::asked).toList());
      asked.addAll(asked.subList(0, 3));
      given()
          .contentType(ContentType.JSON)
          .body(Map.of("flights", asked))
          .post("/v1/predictions")
          .then()
          .statusCode(200);
    }
    assertThat(log.flush(20_000)).isTrue();
    // Logged, not yet read by the monitor: nothing kept, and the quality says what waits.
    JsonNode unread = quality("from=2017-10-01&to=2018-01-01");
    assertThat(unread.get("predicted").asLong()).isZero();
    assertThat(unread.get("unread_predictions").asLong()).isEqualTo(QUARTER.size() + 3L * DAYS);
    assertThat(unread.has("unread_since")).isTrue();
    monitorCatchesUp();

    JsonNode waiting = quality("from=2017-10-01&to=2018-01-01");
    assertThat(waiting.get("unread_predictions").asLong()).isZero();
    assertThat(waiting.has("unread_since")).isFalse();

    assertThat(waiting.get("predicted").asLong()).isEqualTo(QUARTER.size());
    assertThat(waiting.get("count").asLong()).isZero();
    assertThat(waiting.has("roc_auc")).isFalse();
    assertThat(waiting.get("pending").get("count").asLong()).isEqualTo(QUARTER.size());
    assertThat(waiting.get("pending").get("delay_rate").asDouble()).isBetween(0.01, 0.99);
    // No departure yet: the airport's now is its wall clock, to the minute.
    assertThat(quality("window=24h").get("to").asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:00");
  }

  @Test
  @Order(2)
  void theQuartersLiveQualityEqualsTheEvaluationOfItsFlights(@TempDir Path work) throws Exception {
    for (int from = 0; from < QUARTER.size(); from += 500) {
      List<Map<String, Object>> departures = new ArrayList<>();
      for (Flight f : QUARTER.subList(from, Math.min(from + 500, QUARTER.size()))) {
        departures.add(
            Map.of(
                "airline_code", f.airlineCode(),
                "flight_number", f.flightNumber(),
                "scheduled_departure", f.scheduledDeparture().toString(),
                "actual_departure", f.actualDeparture().toString()));
      }
      LiveFeed.sendDepartures(departures).then().statusCode(200);
    }
    monitorCatchesUp();
    Path file = FlightFixtures.writeRaw(work.resolve("quarter.csv"), QUARTER);
    JsonNode offline = TrainingCli.evaluate(work, "1.1.0", file);

    JsonNode live = quality("from=2017-10-01&to=2018-01-01");

    assertThat(live.get("count").asLong()).isEqualTo(QUARTER.size());
    assertThat(live.get("roc_auc").asDouble())
        .isCloseTo(offline.get("roc_auc").asDouble(), within(0.005));
    assertThat(live.get("brier").asDouble())
        .isCloseTo(offline.get("brier").asDouble(), within(0.005));
    assertThat(live.get("classes").get("1").get("recall").asDouble())
        .isCloseTo(offline.get("classes").get("1").get("recall").asDouble(), within(0.005));
    assertThat(live.get("delay_rate").asDouble())
        .isCloseTo(
            QUARTER.stream().filter(Flight::isDelayed).count() / (double) QUARTER.size(),
            within(1e-9));
    assertThat(live.get("pending").get("count").asLong()).isZero();
    assertThat(live.get("expected").get("count").asLong()).isEqualTo(QUARTER.size());
    assertThat(live.get("offline").get("roc_auc").asDouble()).isBetween(0.5, 1.0);
  }

  @Test
  @Order(3)
  void theWindowsUpToTheLatestDepartureArePublishedAsGauges() throws Exception {
    gauges.publish();

    String metrics = given().get("/metrics").then().statusCode(200).extract().asString();
    JsonNode lastWeek = quality("window=7d");

    assertThat(lastWeek.get("to").asText()).startsWith("2017-12-31");
    assertThat(lastWeek.get("count").asLong())
        .isBetween(6L * FLIGHTS_PER_DAY, 8L * FLIGHTS_PER_DAY);
    assertThat(metrics)
        .containsPattern(
            "latam_model_live_outcomes\\{model_version=\"1.1.0\",window=\"7d\"[^}]*} "
                + lastWeek.get("count").asLong()
                + "\\.0");
    assertThat(metrics).contains("latam_model_live_roc_auc{model_version=\"1.1.0\",window=\"24h\"");
  }

  @Test
  @Order(4)
  void aFlightThatHasAlreadyLeftGetsItsOutcomeAsItsPredictionIsRead() throws Exception {
    scheduleAndDepart(LiveFeed.flight("SKU", "9999", "2017-12-31T23:40:00"), "2017-12-31T23:59:00");
    given()
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "flights",
                List.of(
                    Map.of(
                        "airline", "Sky Airline",
                        "flight_type", "I",
                        "scheduled_departure", "2017-12-31T23:40:00",
                        "destination", "SAEZ",
                        "flight_number", "9999"))))
        .post("/v1/predictions")
        .then()
        .statusCode(200);

    monitorCatchesUp();

    assertOneFlightWithItsOutcome("from=2017-12-31T23:30&to=2018-01-01", 1.0);
  }

  @Test
  @Order(4)
  void aStoredFlightAskedAboutByIdAfterItLeftGetsItsOutcomeAsItsPredictionIsRead()
      throws Exception {
    long id =
        scheduleAndDepart(
            LiveFeed.flight("SKU", "9998", "2017-12-31T23:20:00"), "2017-12-31T23:21:00");
    // The monitor follows the store's changes past the departure before the prediction is read:
    // the outcome must come from the flight as it now stands, not from a change already passed.
    monitorCatchesUp();
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("Vlo_l", String.valueOf(id)))
        .post("/predict-flight")
        .then()
        .statusCode(200);

    monitorCatchesUp();

    assertOneFlightWithItsOutcome("from=2017-12-31T23:15&to=2017-12-31T23:25", 0.0);
  }

  @Test
  @Order(4)
  void aCallersPredictionOfOtherInputsLeavesTheFlightsOwnToGetItsOutcome() throws Exception {
    Map<String, Object> flight = LiveFeed.flight("SKU", "9997", "2017-12-31T22:00:00");
    LiveFeed.sendSchedule(List.of(flight)).then().statusCode(200);
    predict(askedAsScheduled(flight));
    monitorCatchesUp();
    // Kept predictions are compared to the second: the caller's must be logged in a later one.
    Thread.sleep(1_100);
    // Later, before it leaves, a caller asks about another destination under the flight's name.
    predict(LiveFeed.with(askedAsScheduled(flight), "destination", "KMIA"));
    monitorCatchesUp();

    departAndAssertItsOwnPredictionGotTheOutcome(flight, "21:55", "22:05");
  }

  @Test
  @Order(4)
  void aCallersPredictionOfOtherInputsReadInTheSameBatchLeavesTheFlightsOwn() throws Exception {
    Map<String, Object> flight = LiveFeed.flight("SKU", "9996", "2017-12-31T21:00:00");
    LiveFeed.sendSchedule(List.of(flight)).then().statusCode(200);
    predict(askedAsScheduled(flight));
    predict(LiveFeed.with(askedAsScheduled(flight), "flight_type", "N"));
    monitorCatchesUp();

    departAndAssertItsOwnPredictionGotTheOutcome(flight, "20:55", "21:05");
  }

  @Test
  @Order(4)
  void aFlightsOwnPredictionTakesThePlaceOfACallersMadeBeforeTheFlightWasStored() throws Exception {
    Map<String, Object> flight = LiveFeed.flight("SKU", "9995", "2017-12-31T20:00:00");
    Map<String, Object> others = LiveFeed.with(askedAsScheduled(flight), "destination", "KMIA");
    predict(others);
    monitorCatchesUp();
    LiveFeed.sendSchedule(List.of(flight)).then().statusCode(200);
    // The caller asks again with the same answer, which alone would change no kept row.
    predict(askedAsScheduled(flight));
    predict(others);
    monitorCatchesUp();

    departAndAssertItsOwnPredictionGotTheOutcome(flight, "19:55", "20:05");
  }

  /** The flight's departure half an hour late; its window's one flight has its outcome. */
  private void departAndAssertItsOwnPredictionGotTheOutcome(
      Map<String, Object> flight, String from, String to) throws Exception {
    String scheduled = (String) flight.get("scheduled_departure");
    LiveFeed.sendDepartures(
            List.of(
                LiveFeed.departure(
                    flight, LocalDateTime.parse(scheduled).plusMinutes(30).toString())))
        .then()
        .statusCode(200);

    monitorCatchesUp();

    JsonNode quality = quality("from=2017-12-31T" + from + "&to=2017-12-31T" + to);
    assertThat(quality.get("count").asLong()).isEqualTo(1);
    assertThat(quality.get("delay_rate").asDouble()).isEqualTo(1.0);
    assertThat(quality.get("pending").get("count").asLong()).isZero();
  }

  /** What the operations tool asks of a scheduled flight, as {@link LiveFeed} sends it. */
  private static Map<String, Object> askedAsScheduled(Map<String, Object> scheduled) {
    Map<String, Object> asked = new LinkedHashMap<>();
    for (String field :
        List.of("airline", "flight_type", "scheduled_departure", "destination", "flight_number")) {
      asked.put(field, scheduled.get(field));
    }
    return asked;
  }

  private static void predict(Map<String, Object> flight) {
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("flights", List.of(flight)))
        .post("/v1/predictions")
        .then()
        .statusCode(200);
  }

  /** The window holds one flight, given its outcome: delayed (1.0) or not (0.0). */
  private static void assertOneFlightWithItsOutcome(String window, double delayRate)
      throws Exception {
    JsonNode quality = quality(window);
    assertThat(quality.get("count").asLong()).isEqualTo(1);
    assertThat(quality.get("delay_rate").asDouble()).isEqualTo(delayRate);
  }

  @Test
  @Order(5)
  void aShadowChallengerIsComparedWithItsChampionOnTheSameFlights() throws Exception {
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("champion", "1.1.0", "challenger", "1.0.0", "mode", "shadow"))
        .put("/v1/rollout")
        .then()
        .statusCode(200);
    given().get("/v1/rollout/comparison?from=2017-10-01&to=2018-01-01").then().statusCode(200);
    for (int from = 0; from < QUARTER.size(); from += 1_000) {
      given()
          .contentType(ContentType.JSON)
          .body(
              Map.of(
                  "flights",
                  QUARTER.subList(from, Math.min(from + 1_000, QUARTER.size())).stream()
                      .map(LiveQualityTest::asked)
                      .toList()))
          .post("/v1/predictions")
          .then()
          .statusCode(200);
    }
    assertThat(shadow.drain(20_000)).isTrue();
    assertThat(log.flush(20_000)).isTrue();

    // Logged, each flight answered by the champion and scored by the challenger in the shadow,
    // but not yet read by the monitor: no pairs, and the comparison says what waits.
    JsonNode unread = comparison("from=2017-10-01&to=2018-01-01");
    assertThat(unread.get("flights").asLong()).isZero();
    assertThat(unread.get("unread_predictions").asLong()).isEqualTo(2L * QUARTER.size());
    assertThat(Instant.parse(unread.get("unread_since").asText()))
        .isBetween(Instant.now().minusSeconds(600), Instant.now());
    assertThat(unread.get("reason").asText())
        .contains(2L * QUARTER.size() + " predictions logged since")
        .contains("not yet read by the outcome monitor");

    monitorCatchesUp();

    JsonNode compared = comparison("from=2017-10-01&to=2018-01-01");
    assertThat(compared.get("unread_predictions").asLong()).isZero();
    assertThat(compared.has("unread_since")).isFalse();

    assertThat(compared.get("champion").asText()).isEqualTo("1.1.0");
    assertThat(compared.get("challenger").asText()).isEqualTo("1.0.0");
    assertThat(compared.get("flights").asLong()).isEqualTo(QUARTER.size());
    // 1.0.0, class-weighted and uncalibrated, is surely worse in Brier score.
    assertThat(compared.get("brier_difference").get("low").asDouble()).isPositive();
    // Worse, unless its ranking is surely better: then the two figures disagree.
    boolean rankedBetter = compared.get("roc_auc_difference").get("low").asDouble() > 0;
    assertThat(compared.get("verdict").asText())
        .isEqualTo(rankedBetter ? "not yet known" : "worse");
    assertThat(compared.get("challenger_brier").asDouble())
        .isGreaterThan(compared.get("champion_brier").asDouble());
  }

  @Test
  @Order(6)
  void aVersionWhoseCardCannotBeReadIsLeftOutOfTheGaugesWhileTheOthersArePublished()
      throws Exception {
    Path store = Path.of(ConfigProvider.getConfig().getValue("latam.models-dir", String.class));
    Files.writeString(
        new ModelDirectory(store).card("8.8.8"), "{\"format_version\": 1, \"probes\": [1");
    Map<String, Object> flight = LiveFeed.flight("SKU", "9990", "2017-12-31T18:00:00");
    long id = scheduleAndDepart(flight, "2017-12-31T18:40:00");
    predict(askedAsScheduled(flight));
    // The same flight predicted by a version whose card was readable then, as after a restart.
    log.record(
        new LoggedPrediction(
            System.currentTimeMillis(),
            "card-broken-since",
            "/v1/predictions",
            id,
            "SKU",
            (String) flight.get("airline"),
            "9990",
            LocalDateTime.parse("2017-12-31T18:00:00"),
            "8.8.8",
            0.4,
            false,
            false,
            false,
            0L,
            "SAEZ",
            "I",
            null));
    monitorCatchesUp();
    long outcomes = quality("window=7d").get("count").asLong();

    List<String> warnings =
        LoggedErrors.during(
            java.util.logging.Level.WARNING,
            () -> {
              gauges.publish();
              gauges.publish();
              return null;
            });

    String metrics = given().get("/metrics").then().statusCode(200).extract().asString();
    assertThat(metrics)
        .containsPattern(
            "latam_model_live_outcomes\\{model_version=\"1.1.0\",window=\"7d\"[^}]*} "
                + outcomes
                + "\\.0")
        .doesNotContain("model_version=\"8.8.8\"");
    // Said once, not at every publication.
    assertThat(warnings).filteredOn(w -> w.contains("cannot be read")).hasSize(1);
    assertThat(warnings).noneMatch(w -> w.contains("cannot publish"));
  }

  @Test
  void refusesAWindowItCannotReadWith422AndAnUnknownVersionWith404() {
    given().get("/v1/models/1.1.0/quality?window=13x").then().statusCode(422);
    given().get("/v1/models/1.1.0/quality?window=24h&from=2017-10-01").then().statusCode(422);
    given().get("/v1/models/1.1.0/quality?from=2017-10-02&to=2017-10-01").then().statusCode(422);
    given().get("/v1/models/1.1.0/quality?from=2017-13-02&to=2017-10-01").then().statusCode(422);
    given().get("/v1/models/9.9.9/quality").then().statusCode(404);
    given().get("/v1/rollout/comparison?champion=9.9.9").then().statusCode(404);
    given().get("/v1/rollout/comparison?champion=1.0.0&challenger=1.0.0").then().statusCode(422);
    // The same value twice, not a version: refused as not one, and not named back.
    given()
        .get("/v1/rollout/comparison?champion=SECRET-X&challenger=SECRET-X")
        .then()
        .statusCode(422)
        .body("detail", org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("SECRET")))
        .body(
            "errors[0].detail",
            org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("SECRET")));
    given()
        .get("/v1/models/1.1.0/quality?window=SECRET-W")
        .then()
        .statusCode(422)
        .body(
            "errors[0].detail",
            org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("SECRET")));
  }
}
