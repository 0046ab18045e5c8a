package org.latamml.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.latamml.predictionlog.LoggedPrediction;
import org.latamml.predictionlog.PredictionLog;
import org.latamml.testing.LiveFeed;

/** How much of the log one batch of the monitor reads. */
@QuarkusTest
@TestProfile(MonitorBatchTest.SmallBatches.class)
class MonitorBatchTest {
  private static final int BATCH = 5;
  private static final int SEGMENT = 10;

  /** An empty store of its own; the monitor keeps five predictions a batch. */
  public static final class SmallBatches implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      Map<String, String> settings =
          new HashMap<>(LiveFeed.emptyStoreServing("monitor-batches", "1.1.0"));
      settings.put("latam.monitoring.interval", "1h");
      settings.put("latam.monitoring.kept-per-batch", Integer.toString(BATCH));
      return settings;
    }
  }

  @Inject OutcomeMonitor monitor;
  @Inject PredictionLog log;
  @Inject MeterRegistry metrics;

  @Test
  void aBatchEndsWithinOneSegmentOfTheLogPastItsSize() throws Exception {
    logSegments(3, SEGMENT, 0);

    // One segment a batch, each holding more than a batch's five: not all three at once.
    assertThat(batchesRead()).containsExactly(10L, 10L, 10L, 0L);
  }

  @Test
  void aBatchOfSegmentsSmallerThanItFillsToItsSize() throws Exception {
    logSegments(6, 1, 1_000);

    assertThat(batchesRead()).containsExactly((long) BATCH, 1L, 0L);
  }

  @Test
  void readsPastPredictionsThatNameNoFlightWithoutCountingThem() throws Exception {
    logSegments(3, SEGMENT, 0, false);
    logSegments(1, SEGMENT, 100, true);
    double entriesBefore = metric("latam_monitor_log_entries_read");
    double predictionsBefore = metric("latam_monitor_predictions_read");

    // The unnamed predictions (a batch of flights described by their features) can never be
    // given an outcome: read past in the batch that reaches the named ones, and not counted.
    assertThat(batchesRead()).containsExactly((long) SEGMENT, 0L);
    assertThat(metric("latam_monitor_predictions_read") - predictionsBefore).isEqualTo(SEGMENT);
    // Every entry read is counted where the log's written entries are compared with it.
    assertThat(metric("latam_monitor_log_entries_read") - entriesBefore).isEqualTo(4 * SEGMENT);
  }

  private double metric(String name) {
    return metrics.get(name).counter().count();
  }

  @Test
  void judgesTheSegmentsToReadNextByAllTheirEntriesNamedOrNot() throws Exception {
    logSegments(1, SEGMENT, 0, false);
    logSegments(3, SEGMENT, 100, true);

    // The unnamed segment held ten entries: one segment a read still fills the batch, as above.
    assertThat(batchesRead()).containsExactly((long) SEGMENT, (long) SEGMENT, (long) SEGMENT, 0L);
  }

  @Test
  void readsALogOfUnnamedPredictionsABoundedBatchAtATime() throws Exception {
    logSegments(12, SEGMENT, 0, false);
    double before = metric("latam_monitor_log_entries_read");

    monitor.catchUp(Instant.now().plusSeconds(1), 1);
    // At most ten entries a prediction it may keep (fifty) a batch: five segments, five, two.
    assertThat(metric("latam_monitor_log_entries_read") - before).isEqualTo(5 * SEGMENT);
    assertThat(batchesRead()).containsExactly(0L, 0L, 0L);
  }

  /** Logs {@code segments} segments of {@code size} predictions, each of another flight. */
  private void logSegments(int segments, int size, int firstFlight) throws Exception {
    logSegments(segments, size, firstFlight, true);
  }

  /**
   * Logs {@code segments} segments of {@code size} predictions, each of another flight, {@code
   * named} by its flight number or described by its features alone.
   */
  private void logSegments(int segments, int size, int firstFlight, boolean named)
      throws Exception {
    for (int segment = 0; segment < segments; segment++) {
      List<LoggedPrediction> entries = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        entries.add(prediction(firstFlight + segment * size + i, named));
      }
      log.recordAll(entries);
      // A flush seals the segment.
      assertThat(log.flush(20_000)).isTrue();
    }
  }

  /** The log entries each batch read, one batch a call, until the monitor has caught up. */
  private List<Long> batchesRead() throws Exception {
    List<Long> read = new ArrayList<>();
    OutcomeMonitor.Progress progress;
    do {
      progress = monitor.catchUp(Instant.now().plusSeconds(1), 1);
      read.add(progress.predictions());
    } while (!progress.caughtUp());
    return read;
  }

  private static LoggedPrediction prediction(int i, boolean named) {
    return new LoggedPrediction(
        Instant.now().toEpochMilli(),
        "request-" + i,
        "/v1/predictions",
        0,
        "LA",
        "Grupo LATAM",
        named ? Integer.toString(1000 + i) : null,
        LocalDateTime.of(2017, 3, 1, 10, 0).plusHours(i),
        "1.1.0",
        0.25,
        false,
        false,
        false,
        i,
        "SAEZ",
        "I",
        null);
  }
}
