package org.latamml.prediction;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.latamml.testing.LiveFeed;

/**
 * With the rich model 2.0.0 served, flights it cannot honestly score (no departures known around
 * the hours before them, or no destination) are answered by the fallback model 1.1.0, which says
 * why; the flights it can score, it answers itself. Never as if the airport had been quiet.
 */
@QuarkusTest
@TestProfile(FallbackTest.RichModelServed.class)
class FallbackTest {
  private static final String RICH = "2.0.0";
  private static final String FALLBACK = "1.1.0";

  /**
   * The version file names the rich model; the store holds the fixture's flights of 2017, one every
   * few weeks, and those the schedule system sent about 2 February ({@link #feedAroundFebruary2}).
   */
  public static final class RichModelServed implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      Map<String, String> settings =
          new java.util.HashMap<>(LiveFeed.emptyStoreServing("fallback", RICH));
      settings.put("latam.flights-csv", "src/test/resources/flights.csv");
      return settings;
    }
  }

  /**
   * Departures reported on 1 and 2 February 2017, before and after the hours of the flights asked
   * about that day: their context is known. Sent before each test; sending again changes nothing.
   */
  @BeforeEach
  void feedAroundFebruary2() {
    List<Map<String, Object>> flights =
        List.of(
            LiveFeed.flight("SKU", "700", "2017-02-01T08:00:00"),
            LiveFeed.flight("SKU", "701", "2017-02-01T20:00:00"),
            LiveFeed.flight("LAN", "702", "2017-02-02T03:00:00"),
            LiveFeed.flight("LAN", "703", "2017-02-02T08:30:00"),
            LiveFeed.flight("SKU", "704", "2017-02-02T11:30:00"),
            LiveFeed.flight("LAN", "705", "2017-02-02T14:30:00"));
    LiveFeed.sendSchedule(flights).then().statusCode(200);
    LiveFeed.sendDepartures(
            flights.stream()
                .map(f -> LiveFeed.departure(f, (String) f.get("scheduled_departure")))
                .toList())
        .then()
        .statusCode(200);
  }

  private static Response postJson(String path, Object body) {
    return given().contentType(ContentType.JSON).body(body).post(path);
  }

  /** A flight asked about by its fields, flight number 500 (null destination: none given). */
  private static Map<String, Object> flight(String when, String destination) {
    Map<String, Object> flight = new java.util.HashMap<>();
    flight.put("airline", "Grupo LATAM");
    flight.put("flight_type", "I");
    flight.put("scheduled_departure", when);
    flight.put("flight_number", "500");
    if (destination != null) {
      flight.put("destination", destination);
    }
    return flight;
  }

  @Test
  void aFlightOfAPeriodTheStoreKnowsNothingOfIsAnsweredByTheFallbackSayingWhy() {
    postJson("/v1/predictions", Map.of("flights", List.of(flight("2026-12-01T10:00:00", "SAEZ"))))
        .then()
        .statusCode(200)
        .body("predictions[0].model_version", equalTo(FALLBACK))
        .body(
            "predictions[0].fallback", containsString("model 2.0.0 needs the airport's departures"))
        .body("predictions[0].fallback", containsString("2026-12-01T10:00"));
  }

  @Test
  void aFlightWithoutTheDestinationTheRichModelNeedsIsAnsweredByTheFallback() {
    postJson("/v1/predictions", Map.of("flights", List.of(flight("2017-02-02T12:00:00", null))))
        .then()
        .statusCode(200)
        .body("predictions[0].model_version", equalTo(FALLBACK))
        .body("predictions[0].fallback", equalTo("model 2.0.0 needs the flight's destination"));
  }

  @Test
  void aFlightWithoutTheNumberWhoseRecordTheRichModelReadsIsAnsweredByTheFallback() {
    Map<String, Object> unnumbered = flight("2017-02-02T12:00:00", "SAEZ");
    unnumbered.remove("flight_number");

    postJson("/v1/predictions", Map.of("flights", List.of(unnumbered)))
        .then()
        .statusCode(200)
        .body("predictions[0].model_version", equalTo(FALLBACK))
        .body("predictions[0].fallback", equalTo("model 2.0.0 needs the flight's number"));
  }

  @Test
  void aBatchMixesBothInItsOrder() {
    postJson(
            "/v1/predictions",
            Map.of(
                "flights",
                List.of(
                    flight("2017-02-02T12:00:00", "SAEZ"),
                    flight("2026-12-01T10:00:00", "SAEZ"),
                    flight("2017-02-02T13:00:00", "SCIE"))))
        .then()
        .statusCode(200)
        .body("predictions.model_version", equalTo(List.of(RICH, FALLBACK, RICH)))
        .body("predictions[0].fallback", nullValue())
        .body("predictions[2].fallback", nullValue());
  }

  @Test
  void aStoredFlightWhoseHoursBeforeTheStoreHoldsIsAnsweredByTheRichModel() {
    // Flight 2 leaves on 2017-02-02 at 07:05: flights left that night and that morning.
    Response answer = postJson("/predict-flight", Map.of("Vlo_l", "2"));

    answer.then().statusCode(200).body("model_version", equalTo(RICH));
    assertThat(answer.jsonPath().getMap("$")).doesNotContainKey("fallback");
  }

  @Test
  void aStoredFlightsAnswerFollowsADepartureReportedInTheHoursBeforeIt() throws Exception {
    // Flight 2, Sky Airline on 2017-02-02 at 07:05: nothing left between 04:05 and 06:05. Its
    // answer is made once and kept (on the event loop, once the board of every stored flight is
    // built); a departure in those hours must make it again.
    double answeredHere =
        org.latamml.testing.Scrape.sum("latam_fast_path_answers_total", "/predict-flight");
    double before = probabilityOfFlight2();
    assertThat(probabilityOfFlight2()).isEqualTo(before);

    Map<String, Object> early = LiveFeed.flight("SKU", "706", "2017-02-02T05:00:00");
    LiveFeed.sendSchedule(List.of(early)).then().statusCode(200);
    LiveFeed.sendDepartures(List.of(LiveFeed.departure(early, "2017-02-02T05:50:00")))
        .then()
        .statusCode(200);
    double after = probabilityOfFlight2();

    assertThat(after).isNotEqualTo(before);
    // Made now, not kept: the same flight with an explanation is always scored afresh.
    assertThat(after)
        .isEqualTo(
            postJson("/predict-flight?explain=true", Map.of("Vlo_l", "2"))
                .then()
                .statusCode(200)
                .body("model_version", equalTo(RICH))
                .extract()
                .jsonPath()
                .getDouble("probability"));
    assertThat(org.latamml.testing.Scrape.sum("latam_fast_path_answers_total", "/predict-flight"))
        .isGreaterThan(answeredHere);
  }

  private static double probabilityOfFlight2() {
    return postJson("/predict-flight", Map.of("Vlo_l", "2"))
        .then()
        .statusCode(200)
        .body("model_version", equalTo(RICH))
        .extract()
        .jsonPath()
        .getDouble("probability");
  }

  @Test
  void theFirstStoredFlightHasNoHoursBeforeItAndFallsBack() {
    // Flight 1 leaves on 2017-01-01 at 06:00: the store begins with it.
    postJson("/predict-flight", Map.of("Vlo_l", "1"))
        .then()
        .statusCode(200)
        .body("model_version", equalTo(FALLBACK))
        .body("fallback", containsString("needs the airport's departures"));
  }

  @Test
  void boostedTreesAreExplainedByTreeShapAddingUpToTheirLogOdds() {
    Response answer =
        postJson(
            "/v1/predictions?explain=true",
            Map.of("flights", List.of(flight("2017-02-02T12:00:00", "SAEZ"))));

    answer
        .then()
        .statusCode(200)
        .body("predictions[0].model_version", equalTo(RICH))
        .body(
            "predictions[0].explanation.contributions.input",
            org.hamcrest.Matchers.hasItems("airline = Grupo LATAM", "destination = SAEZ"));
    double base = answer.jsonPath().getDouble("predictions[0].explanation.base");
    double logOdds = answer.jsonPath().getDouble("predictions[0].explanation.log_odds");
    List<Float> contributions =
        answer
            .jsonPath()
            .getList("predictions[0].explanation.contributions.contribution", Float.class);
    double sum = base + contributions.stream().mapToDouble(Float::doubleValue).sum();
    assertThat(sum).isCloseTo(logOdds, org.assertj.core.api.Assertions.within(1e-4));
    // One entry per input as a user reads it: the 53 destination columns are one.
    assertThat(
            answer
                .jsonPath()
                .getList("predictions[0].explanation.contributions.input", String.class)
                .stream()
                .filter(input -> input.startsWith("destination = ")))
        .hasSize(1);
  }

  @Test
  void aFallbackAnswerIsExplainedByTheModelThatGaveIt() {
    postJson(
            "/v1/predictions?explain=true",
            Map.of("flights", List.of(flight("2026-12-01T10:00:00", "SAEZ"))))
        .then()
        .statusCode(200)
        .body("predictions[0].model_version", equalTo(FALLBACK))
        .body(
            "predictions[0].explanation.contributions.input",
            org.hamcrest.Matchers.hasItem("airline = Grupo LATAM"));
  }

  @Test
  void theChallengesRouteKeepsItsBodyAndNamesTheModelInHeaders() {
    Response answer =
        postJson(
            "/predict",
            Map.of("flights", List.of(Map.of("OPERA", "Grupo LATAM", "TIPOVUELO", "I", "MES", 7))));

    answer
        .then()
        .statusCode(200)
        .header("X-Model-Version", FALLBACK)
        .header("X-Model-Fallback", containsString("model 2.0.0 needs more than airline"));
    assertThat(answer.jsonPath().getMap("$")).containsOnlyKeys("predict");
  }
}
