package org.latamml.monitoring;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latamml.fixtures.FlightFixtures;
import org.latamml.flight.Flight;
import org.latamml.predictionlog.PredictionLog;
import org.latamml.testing.LiveFeed;
import org.latamml.testing.TrainingCli;

/**
 * {@code ./latam replay --predict}: a recorded month fed through the API, its predictions asked as
 * each day's schedule is published; the live quality read afterwards is {@code ./latam evaluate}'s
 * on the same flights.
 */
@QuarkusTest
@TestProfile(ReplayQualityTest.EmptyStore.class)
class ReplayQualityTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** An empty store of its own, 1.1.0 served; the test moves the monitor itself. */
  public static final class EmptyStore implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      Map<String, String> settings = new HashMap<>(LiveFeed.emptyStoreServing("replayed", "1.1.0"));
      settings.put("latam.monitoring.interval", "1h");
      return settings;
    }
  }

  @TestHTTPResource("/")
  URL service;

  @Inject OutcomeMonitor monitor;
  @Inject PredictionLog log;

  @Test
  void aReplayWithItsPredictionsGivesTheLiveQualityThatEvaluateGives(@TempDir Path work)
      throws Exception {
    List<Flight> month = new ArrayList<>();
    for (int d = 0; d < 30; d++) {
      month.addAll(FlightFixtures.syntheticDay(LocalDate.of(2017, 11, 1).plusDays(d), 25, 90 + d));
    }
    Path file = FlightFixtures.writeRaw(work.resolve("november.csv"), month);

    TrainingCli.Run replay =
        TrainingCli.run(
            work,
            "replay",
            file.toString(),
            "--url",
            service.toString(),
            "--speed",
            "max",
            "--predict");
    assertThat(replay.exitCode()).as(replay.err()).isZero();
    assertThat(replay.out()).contains("the predictions of 750 flights asked");
    LiveQualityTest.catchUp(monitor, log);
    JsonNode offline = TrainingCli.evaluate(work, "1.1.0", file);

    JsonNode live =
        JSON.readTree(
            given()
                .get("/v1/models/1.1.0/quality?from=2017-11-01&to=2017-12-01")
                .then()
                .statusCode(200)
                .extract()
                .asString());

    assertThat(live.get("count").asLong()).isEqualTo(750);
    assertThat(live.get("roc_auc").asDouble())
        .isCloseTo(offline.get("roc_auc").asDouble(), within(0.005));
    assertThat(live.get("brier").asDouble())
        .isCloseTo(offline.get("brier").asDouble(), within(0.005));
    assertThat(live.get("ece").asDouble()).isCloseTo(offline.get("ece").asDouble(), within(0.005));
  }
}
