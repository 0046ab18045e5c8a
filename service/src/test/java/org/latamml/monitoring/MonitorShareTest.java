package org.latamml.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The monitor keeps at most its share of a processor busy, on average. */
class MonitorShareTest {
  private static final Duration INTERVAL = MonitorFixture.INTERVAL;

  @Test
  void aTurnThatWorkedOneSecondAtFivePercentIsFollowedByNineteenSecondsOfRest() {
    assertThat(OutcomeMonitor.pauseAfter(Duration.ofSeconds(1), INTERVAL, 0.05))
        .isEqualTo(Duration.ofSeconds(19));
  }

  @Test
  void aShortTurnIsFollowedByTheInterval() {
    assertThat(OutcomeMonitor.pauseAfter(Duration.ofMillis(40), INTERVAL, 0.05))
        .isEqualTo(INTERVAL);
    assertThat(OutcomeMonitor.pauseAfter(Duration.ofSeconds(30), INTERVAL, 1.0))
        .isEqualTo(INTERVAL);
  }

  @ParameterizedTest
  @ValueSource(doubles = {0, -0.1, 1.5, Double.NaN})
  void refusesAShareThatIsNotAFractionOfOneProcessor(double share) {
    assertThatThrownBy(() -> MonitorFixture.alone(null, share))
        .hasMessageContaining("LATAM_MONITORING_CPU_SHARE must be above 0 and at most 1");
  }
}
