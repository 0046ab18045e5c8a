package org.latamml.predictionlog;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.latamml.store.StoreFixtures;

/** The prediction log on PostgreSQL: each day's segments in the day's partition, days dropped. */
class PostgresPredictionLogTest {
  private static final long DAY = 86_400_000L;
  private static final List<String> TEN_EACH_DAY =
      List.of(
          "prediction_log_20261201=10", "prediction_log_20261202=10", "prediction_log_20261203=10");

  private StoreFixtures.Store store;
  private PredictionLog log;

  @BeforeEach
  void migrate() {
    store = StoreFixtures.postgres();
    log =
        new PredictionLog(
            true, PredictionLogTest.ROOM, store.dataSource(), new SimpleMeterRegistry());
  }

  @AfterEach
  void close() {
    // Null when the test was skipped: no PostgreSQL.
    if (log != null) {
      log.close();
    }
  }

  /** Entries on 1, 2 and 3 December 2026, ten a day. */
  private void logThreeDays() throws InterruptedException {
    for (int day = 0; day < 3; day++) {
      for (int i = 0; i < 10; i++) {
        LoggedPrediction entry = PredictionLogTest.entry(i);
        log.record(
            new LoggedPrediction(
                Instant.parse("2026-12-01T10:00:00Z").toEpochMilli() + day * DAY + i,
                entry.requestId(),
                entry.route(),
                entry.flightId(),
                entry.airlineCode(),
                entry.airline(),
                entry.flightNumber(),
                entry.scheduledDeparture(),
                entry.modelVersion(),
                entry.probability(),
                entry.delayed(),
                entry.shadow(),
                entry.fallback(),
                entry.inputDigest(),
                entry.destination(),
                entry.flightType(),
                entry.context()));
      }
    }
    assertThat(log.flush(20_000)).isTrue();
  }

  private List<String> partitionsHolding() throws Exception {
    List<String> partitions = new ArrayList<>();
    try (Connection c = store.open();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT tableoid::regclass::text, SUM(entries) FROM prediction_log"
                    + " GROUP BY 1 ORDER BY 1")) {
      while (r.next()) {
        partitions.add(r.getString(1) + "=" + r.getLong(2));
      }
    }
    return partitions;
  }

  @Test
  void eachDaysSegmentsLandInTheDaysPartition() throws Exception {
    logThreeDays();

    assertThat(partitionsHolding()).containsExactlyElementsOf(TEN_EACH_DAY);
  }

  @Test
  void aCommitWhoseReplyWasLostIsWrittenOnce() throws Exception {
    log.close();
    log =
        new PredictionLog(
            true,
            PredictionLogTest.ROOM,
            PredictionLogTest.losingTheFirstCommitsReply(store.dataSource()),
            new SimpleMeterRegistry());

    logThreeDays();

    assertThat(partitionsHolding()).containsExactlyElementsOf(TEN_EACH_DAY);
    assertThat(log.written()).isEqualTo(30);
  }

  @Test
  void migratingKeepsTheFirstWriteOfASegmentWrittenTwice() throws Exception {
    log.close();
    log = null;

    assertThat(
            PredictionLogTest.segmentsAfterMigratingTwiceWritten(StoreFixtures.postgresUpTo("9")))
        .containsExactly("c/0/0", "a/0/1", "a/1/3", "b/0/4");
  }

  @Test
  void retentionDropsTheDaysWhollyBeforeItAndTheRestReadsBack() throws Exception {
    logThreeDays();

    long dropped =
        new PredictionLogRetention(store.dataSource(), null, java.time.Duration.ofDays(30))
            .forgetBefore(Instant.parse("2026-12-02T12:00:00Z"));

    assertThat(dropped).isEqualTo(1);
    assertThat(partitionsHolding())
        .containsExactly("prediction_log_20261202=10", "prediction_log_20261203=10");
    List<LoggedPrediction> read = new ArrayList<>();
    new PredictionLogReader(store.dataSource())
        .read(
            new PredictionLogQuery(
                Instant.parse("2026-12-01T00:00:00Z"),
                Instant.parse("2026-12-04T00:00:00Z"),
                0,
                null,
                null,
                null),
            100,
            read::add);
    assertThat(read).hasSize(20);
  }
}
