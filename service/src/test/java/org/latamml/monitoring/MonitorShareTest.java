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
  private static final Duration LONGEST = Duration.ofMinutes(5);

  @Test
  void aTurnThatWorkedOneSecondAtFivePercentIsFollowedByNineteenSecondsOfRest() {
    assertThat(OutcomeMonitor.pauseAfter(Duration.ofSeconds(1), INTERVAL, 0.05, LONGEST))
        .isEqualTo(Duration.ofSeconds(19));
  }

  @Test
  void aShortTurnIsFollowedByTheInterval() {
    assertThat(OutcomeMonitor.pauseAfter(Duration.ofMillis(40), INTERVAL, 0.05, LONGEST))
        .isEqualTo(INTERVAL);
    assertThat(OutcomeMonitor.pauseAfter(Duration.ofSeconds(30), INTERVAL, 1.0, LONGEST))
        .isEqualTo(INTERVAL);
  }

  @Test
  void aLongTurnRestsNoLongerThanAStoppedInstanceMayHoldTheLease() {
    assertThat(OutcomeMonitor.pauseAfter(Duration.ofMinutes(1), INTERVAL, 0.05, LONGEST))
        .isEqualTo(LONGEST);
  }

  @ParameterizedTest
  @ValueSource(strings = {"PT0S", "PT-1S"})
  void refusesAnIntervalThatIsNotAboveZero(String interval) {
    assertThatThrownBy(() -> MonitorFixture.alone(null, 0.05, Duration.parse(interval)))
        .hasMessageContaining("LATAM_MONITORING_INTERVAL must be above 0");
  }

  @ParameterizedTest
  @ValueSource(doubles = {0, -0.1, 1.5, Double.NaN})
  void refusesAShareThatIsNotAFractionOfOneProcessor(double share) {
    assertThatThrownBy(() -> MonitorFixture.alone(null, share))
        .hasMessageContaining("LATAM_MONITORING_CPU_SHARE must be above 0 and at most 1");
  }
}
