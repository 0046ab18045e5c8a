package org.latamml.monitoring;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.latamml.artifact.ModelCards;
import org.latamml.drift.InputProfile;
import org.latamml.fixtures.FlightFixtures;
import org.latamml.flight.Flight;
import org.latamml.flight.FlightType;
import org.latamml.predictionlog.PredictionLog;
import org.latamml.testing.LiveFeed;
import org.latamml.testing.TrainingCli;

/**
 * Drift through {@code ./latam replay --predict}: days whose flights follow the served model's
 * training profile never raise the drift alert's condition (an input's index above 0.2 and above
 * chance, over the last 24 hours) at any replayed hour; a feed that renames the largest airline
 * raises it within the hour the renaming starts, and lists the new name.
 */
@QuarkusTest
@TestProfile(DriftReplayTest.EmptyStore.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DriftReplayTest {
  private static final LocalDate FIRST = LocalDate.of(2017, 10, 1);
  private static final int DAYS = 3;
  private static final int FLIGHTS_PER_DAY = 300;
  private static final LocalDateTime RENAMED_FROM = FIRST.plusDays(DAYS).atTime(10, 0);
  private static final String RENAMED = "LATAM Airlines Group";

  /** An empty store of its own, 1.1.0 served; the test moves the monitor itself. */
  public static final class EmptyStore implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      Map<String, String> settings = new HashMap<>(LiveFeed.emptyStoreServing("drift", "1.1.0"));
      settings.put("latam.monitoring.interval", "1h");
      return settings;
    }
  }

  @TestHTTPResource("/")
  URL service;

  @Inject OutcomeMonitor monitor;
  @Inject PredictionLog log;
  @Inject QualityGauges gauges;

  /**
   * A day of flights drawn from 1.1.0's training profile: airlines and types in their training
   * shares, at any minute from 05:00 to midnight; from {@code renamedFrom} on, Grupo LATAM's
   * flights come named otherwise.
   */
  private static List<Flight> day(LocalDate day, long seed, LocalDateTime renamedFrom)
      throws Exception {
    InputProfile profile = ModelCards.read(TrainingCli.card("1.1.0")).profile();
    Map<String, Double> airlines = profile.input("airline").orElseThrow().categories();
    double national = profile.input("flight_type").orElseThrow().categories().get("N");
    Random random = new Random(seed);
    List<Flight> flights = new ArrayList<>();
    for (int i = 0; i < FLIGHTS_PER_DAY; i++) {
      String airline = draw(airlines, random.nextDouble());
      LocalDateTime when = day.atTime(5, 0).plusMinutes(random.nextInt(19 * 60));
      if (renamedFrom != null && !when.isBefore(renamedFrom) && airline.equals("Grupo LATAM")) {
        airline = RENAMED;
      }
      flights.add(
          FlightFixtures.flight()
              .scheduled(when)
              .number(Integer.toString(1000 + i))
              .airline(airline)
              .airlineCode(airline.substring(0, 3).toUpperCase(Locale.ROOT))
              .type(random.nextDouble() < national ? FlightType.NATIONAL : FlightType.INTERNATIONAL)
              .late(random.nextDouble() < 0.2 ? 30 : 0)
              .build());
    }
    return flights;
  }

  private static String draw(Map<String, Double> shares, double u) {
    double sum = 0;
    String last = null;
    for (Map.Entry<String, Double> share : shares.entrySet()) {
      sum += share.getValue();
      last = share.getKey();
      if (u < sum) {
        return last;
      }
    }
    return last;
  }

  private void replay(Path work, String name, List<Flight> flights) throws Exception {
    Path file = FlightFixtures.writeRaw(work.resolve(name), flights);
    TrainingCli.Run run =
        TrainingCli.run(
            work,
            "replay",
            file.toString(),
            "--url",
            service.toString(),
            "--speed",
            "max",
            "--predict");
    assertThat(run.exitCode()).as(run.err()).isZero();
    // The replay's predictions are logged; until the monitor reads them, the drift says they wait.
    assertThat(log.flush(20_000)).isTrue();
    assertThat(unreadPredictions()).isEqualTo(flights.size());
    LiveQualityTest.catchUp(monitor, log);
    assertThat(unreadPredictions()).isZero();
  }

  private static long unreadPredictions() {
    return given()
        .get("/v1/models/1.1.0/drift?window=24h")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getLong("unread_predictions");
  }

  /** The drift the alert reads: the 24 hours of flights before {@code end}. */
  private static JsonPath driftUpTo(LocalDateTime end) {
    return given()
        .get("/v1/models/1.1.0/drift?from=" + end.minusHours(24) + "&to=" + end)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  @Test
  @Order(1)
  void anUndistortedReplayRaisesTheConditionAtNoHour(@TempDir Path work) throws Exception {
    List<Flight> flights = new ArrayList<>();
    for (int d = 0; d < DAYS; d++) {
      flights.addAll(day(FIRST.plusDays(d), 40 + d, null));
    }
    replay(work, "undistorted.csv", flights);

    for (LocalDateTime end = FIRST.atTime(6, 0);
        end.isBefore(FIRST.plusDays(DAYS).atStartOfDay());
        end = end.plusHours(1)) {
      JsonPath drift = driftUpTo(end);
      assertThat(drift.getList("drifted")).as("drifted inputs at %s", end).isEmpty();
      assertThat(drift.getList("inputs.findAll { it.unknown != null }"))
          .as("unknown at %s", end)
          .isEmpty();
    }
    JsonPath lastDay = driftUpTo(FIRST.plusDays(DAYS).atStartOfDay());
    assertThat(lastDay.getInt("flights")).isEqualTo(FLIGHTS_PER_DAY);
    assertThat(lastDay.getDouble("inputs.find { it.input == 'airline' }.psi")).isLessThan(0.1);
  }

  @Test
  @Order(2)
  void aFeedThatRenamesAnAirlineRaisesItWithinTheHour(@TempDir Path work) throws Exception {
    replay(work, "renamed.csv", day(FIRST.plusDays(DAYS), 50, RENAMED_FROM));

    JsonPath before = driftUpTo(RENAMED_FROM);
    JsonPath anHourIn = driftUpTo(RENAMED_FROM.plusHours(1));
    assertThat(before.getList("drifted")).isEmpty();
    assertThat(anHourIn.getList("drifted", String.class)).containsExactly("airline");
    assertThat(anHourIn.getString("inputs[0].input")).isEqualTo("airline");
    assertThat(anHourIn.getDouble("inputs[0].psi"))
        .isGreaterThan(0.2)
        .isGreaterThan(anHourIn.getDouble("inputs[0].psi_by_chance"));
    assertThat(anHourIn.getString("inputs[0].unknown[0].value")).isEqualTo(RENAMED);
    assertThat(anHourIn.getInt("inputs[0].unknown[0].flights")).isPositive();
  }

  @Test
  @Order(3)
  void anHourIsShorterThanEveryInputsCycleButStillListsTheUnknownValues() {
    JsonPath hour =
        given()
            .get("/v1/models/1.1.0/drift?from=" + RENAMED_FROM + "&to=" + RENAMED_FROM.plusHours(1))
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();

    assertThat(hour.getList("drifted")).isEmpty();
    assertThat(hour.getList("inputs.psi")).containsOnlyNulls();
    assertThat(hour.getString("inputs.find { it.input == 'airline' }.note"))
        .contains("shorter than the cycle it follows (a day)");
    assertThat(hour.getString("inputs.find { it.input == 'airline' }.unknown[0].value"))
        .isEqualTo(RENAMED);
    assertThat(hour.getString("inputs.find { it.input == 'month' }.note")).contains("(a year)");
    // 1.1.0 reads the month, so its probabilities follow the year too.
    assertThat(hour.getString("score.note")).contains("(a year)");
  }

  @Test
  @Order(4)
  void theGaugesCarryTheIndexAndTheUnknownFlights() {
    // Published every 30 s; read here as a scrape would, once published.
    gauges.publish();
    String metrics = given().get("/metrics").then().statusCode(200).extract().asString();
    assertThat(metrics)
        .containsPattern(
            "latam_model_input_psi\\{input=\"airline\",model_version=\"1.1.0\",window=\"24h\"\\}")
        .containsPattern(
            "latam_model_unknown_inputs\\{input=\"airline\",model_version=\"1.1.0\",window=\"1h\"\\}"
                + " [1-9]");
  }

  @Test
  @Order(5)
  void aCardWithoutAProfileIsSaidToHaveNone() {
    given()
        .get("/v1/models/1.0.0/drift")
        .then()
        .statusCode(404)
        .body("type", containsString("model-not-profiled"))
        .body("detail", containsString("./latam train"));
    given().get("/v1/models/9.9.9/drift").then().statusCode(404);
    given()
        .get("/v1/models/1.1.0/drift?window=abc")
        .then()
        .statusCode(422)
        .body("errors[0].field", equalTo("window"));
  }
}
