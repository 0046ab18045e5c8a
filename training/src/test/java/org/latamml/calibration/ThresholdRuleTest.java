package org.latamml.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ThresholdRuleTest {
  // Highest first: 0.9 (1), 0.8 (1), 0.7 (0), 0.6 (1), 0.4 (0), 0.3 (1), 0.2 (0), 0.1 (0).
  private static final double[] PROBABILITIES = {0.1, 0.9, 0.2, 0.8, 0.3, 0.7, 0.4, 0.6};
  private static final int[] LABELS = {0, 1, 0, 1, 1, 0, 0, 1};

  @Test
  void recallTargetTakesTheHighestThresholdThatReachesIt() {
    // Recall 3/4 is first reached at 0.6, 1.0 at 0.3.
    assertThat(ThresholdRule.parse("recall=0.75").choose(PROBABILITIES, LABELS)).isEqualTo(0.6);
    assertThat(ThresholdRule.parse("recall=0.76").choose(PROBABILITIES, LABELS)).isEqualTo(0.3);
  }

  @Test
  void precisionTargetTakesTheLowestThresholdThatKeepsIt() {
    // Precision at 0.6 is 3/4, at 0.4 is 3/5, at 0.3 is 4/6.
    assertThat(ThresholdRule.parse("precision=0.75").choose(PROBABILITIES, LABELS)).isEqualTo(0.6);
    assertThat(ThresholdRule.parse("precision=0.65").choose(PROBABILITIES, LABELS)).isEqualTo(0.3);
  }

  @Test
  void maxF1TakesTheThresholdWithTheBestF1() {
    // F1 at 0.8: 2/3; at 0.6: 0.75; at 0.3: 0.8; at 0.1: 2/3.
    assertThat(ThresholdRule.parse("max-f1").choose(PROBABILITIES, LABELS)).isEqualTo(0.3);
  }

  @Test
  void aGivenThresholdIsKeptAsItIs() {
    assertThat(new ThresholdRule.Fixed(0.2).choose(PROBABILITIES, LABELS)).isEqualTo(0.2);
  }

  @Test
  void rejectsTargetsOutsideZeroAndOneNamingTheOption() {
    assertThatThrownBy(() -> ThresholdRule.parse("recall=1.5"))
        .hasMessageContaining("--threshold-for recall=");
    assertThatThrownBy(() -> ThresholdRule.parse("accuracy=0.5"))
        .hasMessageContaining("recall=<0..1>, precision=<0..1> or max-f1");
    assertThatThrownBy(() -> new ThresholdRule.Fixed(1)).hasMessageContaining("--threshold");
  }
}
