package org.latamml.live;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.Reader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latamml.fixtures.FlightFixtures;
import org.latamml.flight.Flight;
import org.latamml.testing.LiveFeed;
import org.latamml.testing.TrainingCli;

/**
 * A day replayed into an empty store, as {@code ./latam replay} feeds it, is scored on the board
 * exactly as {@code ./latam predict} scores the day's file offline: one feature path, one rule for
 * the fallback, to 1e-6.
 */
@QuarkusTest
@TestProfile(ReplayParityTest.EmptyStore.class)
class ReplayParityTest {
  private static final LocalDate DAY = LocalDate.of(2021, 6, 10);

  /** An empty store of its own, the rich model served. */
  public static final class EmptyStore implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return LiveFeed.emptyStoreServing("parity", "2.0.0");
    }
  }

  @TestHTTPResource("/")
  URL service;

  @Test
  void aReplayedDaysBoardEqualsOfflinePredictionsOfItsFile(@TempDir Path work) throws Exception {
    List<Flight> day = FlightFixtures.syntheticDay(DAY, 150, 7);
    Path file = FlightFixtures.writeRaw(work.resolve("day.csv"), day);

    TrainingCli.Run replay =
        TrainingCli.run(
            work, "replay", file.toString(), "--url", service.toString(), "--speed", "max");
    assertThat(replay.exitCode()).as(replay.err()).isZero();
    assertThat(replay.out()).contains("replayed 150 flights and 150 departures");

    TrainingCli.Run predict =
        TrainingCli.run(
            work,
            "predict",
            "--model",
            TrainingCli.card("2.0.0").toString(),
            "--fallback",
            TrainingCli.card("1.1.0").toString(),
            "--data",
            file.toString(),
            "--out",
            work.resolve("predictions.csv").toString());
    assertThat(predict.exitCode()).as(predict.err()).isZero();
    Map<String, CSVRecord> offline = new HashMap<>();
    try (Reader reader =
        Files.newBufferedReader(work.resolve("predictions.csv"), StandardCharsets.UTF_8)) {
      for (CSVRecord row :
          CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
        offline.put(
            row.get("airline_code")
                + " "
                + row.get("flight_number")
                + " "
                + row.get("scheduled_departure"),
            row);
      }
    }

    List<Map<String, Object>> board =
        given()
            .get(
                "/v1/board?from="
                    + DAY.atStartOfDay()
                    + "&hours=24&as_of="
                    + DAY.plusDays(1).atTime(12, 0))
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("flights");

    assertThat(board).hasSize(150);
    assertThat(offline).hasSize(150);
    int byRichModel = 0;
    for (Map<String, Object> line : board) {
      @SuppressWarnings("unchecked")
      Map<String, Object> flight = (Map<String, Object>) line.get("flight");
      @SuppressWarnings("unchecked")
      Map<String, Object> prediction = (Map<String, Object>) line.get("prediction");
      String key =
          flight.get("airline_code")
              + " "
              + flight.get("flight_number")
              + " "
              + flight.get("scheduled_departure");
      CSVRecord expected = offline.get(key);
      assertThat(expected).as(key).isNotNull();
      assertThat(((Number) prediction.get("probability")).doubleValue())
          .as(key)
          .isCloseTo(Double.parseDouble(expected.get("probability")), within(1e-6));
      assertThat(prediction.get("model_version")).as(key).isEqualTo(expected.get("model_version"));
      assertThat(prediction.get("label")).as(key).isEqualTo(expected.get("label"));
      byRichModel += "2.0.0".equals(prediction.get("model_version")) ? 1 : 0;
    }
    // Most flights had the morning's departures behind them; the first hours fell back.
    assertThat(byRichModel).isBetween(100, 149);
    assertThat(predict.err())
        .contains("150 flights scored", "(%d by the fallback model)".formatted(150 - byRichModel));
  }
}
