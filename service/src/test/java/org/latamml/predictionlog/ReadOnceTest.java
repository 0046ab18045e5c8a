package org.latamml.predictionlog;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.latamml.store.StoreFixtures;

/**
 * The log read once, as the monitor reads it, on H2 and on PostgreSQL (when the tests have one):
 * segments in the order they were committed, whoever wrote them and whatever times they hold, a
 * bounded number at a time.
 */
class ReadOnceTest {

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void readsEachSegmentOnceInTheOrderItWasCommittedALateOneIncluded(String kind) throws Exception {
    DataSource store =
        kind.equals("h2") ? StoreFixtures.h2().dataSource() : StoreFixtures.postgres().dataSource();
    // Two instances writing to one store.
    PredictionLog first =
        new PredictionLog(true, PredictionLogTest.ROOM, store, new SimpleMeterRegistry());
    PredictionLog second =
        new PredictionLog(true, PredictionLogTest.ROOM, store, new SimpleMeterRegistry());
    try {
      first.record(PredictionLogTest.entry(60_000));
      assertThat(first.flush(20_000)).isTrue();
      second.record(PredictionLogTest.entry(120_000));
      assertThat(second.flush(20_000)).isTrue();
      List<String> read = new ArrayList<>();
      long reached;
      try (Connection connection = store.getConnection()) {
        reached =
            PredictionLogReader.readAfter(connection, 0, 1, e -> true, e -> read.add(e.requestId()))
                .last();
        reached =
            PredictionLogReader.readAfter(
                    connection, reached, 5, e -> true, e -> read.add(e.requestId()))
                .last();
      }
      // Committed after the reader has passed the others, though its entry is the earliest.
      first.record(PredictionLogTest.entry(0));
      assertThat(first.flush(20_000)).isTrue();
      long again;
      long nothing;
      try (Connection connection = store.getConnection()) {
        again =
            PredictionLogReader.readAfter(
                    connection, reached, 5, e -> true, e -> read.add(e.requestId()))
                .last();
        nothing =
            PredictionLogReader.readAfter(
                    connection, again, 5, e -> true, e -> read.add(e.requestId()))
                .last();
      }

      assertThat(read).containsExactly("request-60000", "request-120000", "request-0");
      assertThat(again).isGreaterThan(reached);
      assertThat(nothing).isEqualTo(again);
    } finally {
      first.close();
      second.close();
    }
  }
}
