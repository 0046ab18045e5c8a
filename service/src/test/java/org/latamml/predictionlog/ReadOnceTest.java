package org.latamml.predictionlog;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.latamml.store.StoreFixtures;

/**
 * The log read once, as the monitor reads it, on H2 and on PostgreSQL (when the tests have one):
 * each segment after the place reached, in order, a bounded number at a time.
 */
class ReadOnceTest {

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void readsEachSegmentAfterThePlaceReachedOnceInOrder(String kind) throws Exception {
    DataSource store =
        kind.equals("h2") ? StoreFixtures.h2().dataSource() : StoreFixtures.postgres().dataSource();
    PredictionLog log = new PredictionLog(true, 10_000, store, new SimpleMeterRegistry());
    try {
      for (int i = 0; i < 3; i++) {
        // A minute apart: each its own segment.
        log.record(PredictionLogTest.entry(i * 60_000));
        assertThat(log.flush(20_000)).isTrue();
      }
      List<String> read = new ArrayList<>();
      LocalDateTime upTo = LocalDateTime.of(2027, 1, 1, 0, 0);
      try (Connection connection = store.getConnection()) {
        PredictionLogReader.Place first =
            PredictionLogReader.readAfter(
                connection, PredictionLogReader.Place.START, upTo, 2, e -> read.add(e.requestId()));
        PredictionLogReader.Place second =
            PredictionLogReader.readAfter(connection, first, upTo, 2, e -> read.add(e.requestId()));
        PredictionLogReader.Place third =
            PredictionLogReader.readAfter(
                connection, second, upTo, 2, e -> read.add(e.requestId()));
        PredictionLogReader.Place notYet =
            PredictionLogReader.readAfter(
                connection,
                PredictionLogReader.Place.START,
                LocalDateTime.of(2026, 12, 1, 11, 59),
                2,
                e -> read.add(e.requestId()));

        assertThat(read).containsExactly("request-0", "request-60000", "request-120000");
        assertThat(third).isEqualTo(second);
        assertThat(notYet).isEqualTo(PredictionLogReader.Place.START);
      }
    } finally {
      log.close();
    }
  }
}
