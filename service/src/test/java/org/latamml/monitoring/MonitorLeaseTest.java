package org.latamml.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.latamml.store.StoreFixtures;

/** One instance monitors at a time; another takes over once its lease lapses. */
class MonitorLeaseTest {
  private static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");

  private static OutcomeMonitor instance(DataSource store) {
    return MonitorFixture.alone(store, 0.05);
  }

  @Test
  void anInstanceMonitorsWhileItRenewsItsLeaseAndAnotherTakesOverWhenItLapses() throws Exception {
    DataSource store = StoreFixtures.h2().dataSource();
    OutcomeMonitor first = instance(store);
    OutcomeMonitor second = instance(store);

    assertThat(first.takeLease(T0)).isTrue();
    assertThat(second.takeLease(T0.plusSeconds(5))).isFalse();
    assertThat(first.takeLease(T0.plusSeconds(50))).isTrue();
    assertThat(second.takeLease(T0.plusSeconds(100))).isFalse();
    // The first stopped renewing at 50 s; its minute lapses at 110 s.
    assertThat(second.takeLease(T0.plusSeconds(111))).isTrue();
    assertThat(first.takeLease(T0.plusSeconds(112))).isFalse();
  }

  @Test
  void anInstanceThatTakesTheLeaseBackForgetsWhatItWrote() throws Exception {
    DataSource store = StoreFixtures.h2().dataSource();
    OutcomeMonitor first = instance(store);
    OutcomeMonitor second = instance(store);
    PredictionOutcomes.Key key =
        new PredictionOutcomes.Key(
            "1.1.0",
            false,
            new FlightName("Sky Airline", "1001", LocalDateTime.of(2017, 1, 1, 10, 0)));
    PredictionOutcomes.Latest latest =
        new PredictionOutcomes.Latest(0.3, false, LocalDateTime.of(2026, 12, 1, 12, 0), null);

    assertThat(first.takeLease(T0)).isTrue();
    first.kept().wrote(List.of(new PredictionOutcomes.Kept(key, latest)));
    assertThat(first.takeLease(T0.plusSeconds(5))).isTrue();
    boolean afterRenewal = first.kept().unchanged(key, latest);
    // The second writes in between: what the first knew may be stale.
    assertThat(second.takeLease(T0.plusSeconds(200))).isTrue();
    assertThat(first.takeLease(T0.plusSeconds(400))).isTrue();

    assertThat(afterRenewal).isTrue();
    assertThat(first.kept().unchanged(key, latest)).isFalse();
  }
}
