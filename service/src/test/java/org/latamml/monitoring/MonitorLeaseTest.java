package org.latamml.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.latamml.store.StoreFixtures;

/** One instance monitors at a time; another takes over once its lease lapses. */
class MonitorLeaseTest {
  private static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");

  /** Two instances' monitors of one store. */
  private record Instances(OutcomeMonitor first, OutcomeMonitor second) {
    static Instances ofOneStore() {
      DataSource store = StoreFixtures.h2().dataSource();
      return new Instances(MonitorFixture.alone(store, 0.05), MonitorFixture.alone(store, 0.05));
    }
  }

  @Test
  void anInstanceMonitorsWhileItRenewsItsLeaseAndAnotherTakesOverWhenItLapses() throws Exception {
    Instances two = Instances.ofOneStore();

    assertThat(two.first().takeLease(T0)).isTrue();
    assertThat(two.second().takeLease(T0.plusSeconds(5))).isFalse();
    assertThat(two.first().takeLease(T0.plusSeconds(50))).isTrue();
    assertThat(two.second().takeLease(T0.plusSeconds(100))).isFalse();
    // The first stopped renewing at 50 s; its minute lapses at 110 s.
    assertThat(two.second().takeLease(T0.plusSeconds(111))).isTrue();
    assertThat(two.first().takeLease(T0.plusSeconds(112))).isFalse();
  }

  @Test
  void anInstanceRestingAfterALongTurnKeepsItsLeaseThroughTheRest() throws Exception {
    Instances two = Instances.ofOneStore();

    assertThat(two.first().takeLease(T0)).isTrue();
    two.first().holdLeaseThrough(T0, Duration.ofMinutes(2));

    // A lease is a minute: without the rest held, the second would take over at 61 s.
    assertThat(two.second().takeLease(T0.plusSeconds(61))).isFalse();
    assertThat(two.second().takeLease(T0.plusSeconds(179))).isFalse();
    assertThat(two.second().takeLease(T0.plusSeconds(181))).isTrue();
  }

  @Test
  void anInstanceThatTakesTheLeaseBackForgetsWhatItWrote() throws Exception {
    Instances two = Instances.ofOneStore();
    PredictionOutcomes.Key key =
        new PredictionOutcomes.Key(
            "1.1.0",
            false,
            new FlightName("Sky Airline", "1001", LocalDateTime.of(2017, 1, 1, 10, 0)));
    PredictionOutcomes.Latest latest =
        new PredictionOutcomes.Latest(0.3, false, LocalDateTime.of(2026, 12, 1, 12, 0), null);

    assertThat(two.first().takeLease(T0)).isTrue();
    two.first().kept().wrote(List.of(new PredictionOutcomes.Kept(key, latest)));
    assertThat(two.first().takeLease(T0.plusSeconds(5))).isTrue();
    boolean afterRenewal = two.first().kept().unchanged(key, latest);
    // The second writes in between: what the first knew may be stale.
    assertThat(two.second().takeLease(T0.plusSeconds(200))).isTrue();
    assertThat(two.first().takeLease(T0.plusSeconds(400))).isTrue();

    assertThat(afterRenewal).isTrue();
    assertThat(two.first().kept().unchanged(key, latest)).isFalse();
  }
}
