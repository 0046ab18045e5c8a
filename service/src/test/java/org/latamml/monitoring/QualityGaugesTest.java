package org.latamml.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class QualityGaugesTest {
  private static final LocalDateTime NOW = LocalDateTime.of(2017, 7, 14, 12, 0);

  /** A window's flights: each a probability and whether it left delayed. */
  private static LiveQuality qualityOf(double[] probabilities, boolean[] delayed) {
    List<PredictionOutcomes.Row> rows = new ArrayList<>();
    for (int i = 0; i < probabilities.length; i++) {
      rows.add(
          new PredictionOutcomes.Row(
              null,
              false,
              probabilities[i],
              probabilities[i] >= 0.5,
              NOW,
              NOW.minusMinutes(i),
              delayed[i],
              null));
    }
    return LiveQuality.of(
        "1.1.0", QualityWindow.last("24h", NOW), rows, 0.5, null, MonitorBacklog.NONE);
  }

  @Test
  void publishesNoRecallForAWindowWithoutADelayedFlight() {
    LiveQuality quality = qualityOf(new double[] {0.2, 0.7}, new boolean[] {false, false});

    assertThat(quality.classes().get("1").recall()).isZero();
    assertThat(QualityGauges.recallOfDelayed(quality)).isNull();
    assertThat(QualityGauges.precisionOfDelayed(quality)).isZero();
  }

  @Test
  void publishesNoPrecisionForAWindowWithoutAFlightPredictedDelayed() {
    LiveQuality quality = qualityOf(new double[] {0.2, 0.3}, new boolean[] {true, false});

    assertThat(QualityGauges.precisionOfDelayed(quality)).isNull();
    assertThat(QualityGauges.recallOfDelayed(quality)).isZero();
  }

  @Test
  void publishesBothWhereBothAreDefined() {
    LiveQuality quality =
        qualityOf(new double[] {0.8, 0.6, 0.3}, new boolean[] {true, false, true});

    assertThat(QualityGauges.precisionOfDelayed(quality)).isEqualTo(0.5);
    assertThat(QualityGauges.recallOfDelayed(quality)).isEqualTo(0.5);
  }
}
