package org.latamml.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PairedBootstrapTest {
  private static final int ROWS = 4_000;
  private static final int[] LABELS = new int[ROWS];
  // A weak model and a stronger one: both see the label through noise, the second through less.
  private static final double[] WEAK = new double[ROWS];
  private static final double[] STRONG = new double[ROWS];

  static {
    Random random = new Random(11);
    for (int i = 0; i < ROWS; i++) {
      LABELS[i] = random.nextDouble() < 0.2 ? 1 : 0;
      WEAK[i] = Math.round((0.3 * LABELS[i] + 0.7 * random.nextDouble()) * 100) / 100.0;
      STRONG[i] = Math.round((0.6 * LABELS[i] + 0.4 * random.nextDouble()) * 100) / 100.0;
    }
  }

  @Test
  void theEstimateIsTheDifferenceOfTheRankSumAucs() {
    PairedBootstrap.Difference difference =
        new PairedBootstrap(LABELS, WEAK, STRONG).rocAuc(200, 1);

    assertThat(difference.estimate())
        .isCloseTo(
            Evaluator.rocAuc(LABELS, STRONG) - Evaluator.rocAuc(LABELS, WEAK), within(1e-12));
  }

  @Test
  void aClearlyBetterModelHasAnIntervalAboveZeroAroundItsEstimate() {
    PairedBootstrap.Difference difference =
        new PairedBootstrap(LABELS, WEAK, STRONG).rocAuc(500, 7);

    assertThat(difference.surelyPositive()).isTrue();
    assertThat(difference.low()).isLessThan(difference.estimate());
    assertThat(difference.high()).isGreaterThan(difference.estimate());
    assertThat(difference.resamples()).isEqualTo(500);
  }

  @Test
  void aModelComparedWithItselfDiffersByNothing() {
    PairedBootstrap.Difference difference = new PairedBootstrap(LABELS, WEAK, WEAK).rocAuc(100, 3);

    assertThat(difference.estimate()).isZero();
    assertThat(difference.low()).isZero();
    assertThat(difference.high()).isZero();
  }

  @Test
  void theSameSeedGivesTheSameIntervalAndTheBrierGapMatchesTheScores() {
    PairedBootstrap bootstrap = new PairedBootstrap(LABELS, WEAK, STRONG);

    assertThat(bootstrap.rocAuc(100, 5)).isEqualTo(bootstrap.rocAuc(100, 5));
    PairedBootstrap.Difference brier = bootstrap.brier(300, 5);
    assertThat(brier.estimate())
        .isCloseTo(
            ProbabilityMetrics.brier(LABELS, STRONG) - ProbabilityMetrics.brier(LABELS, WEAK),
            within(1e-12));
    assertThat(brier.surelyNegative()).isTrue();
  }

  @Test
  void refusesRowsOfOneClassOrScoresOfAnotherLength() {
    assertThatThrownBy(() -> new PairedBootstrap(new int[] {1, 1}, new double[2], new double[2]))
        .hasMessageContaining("both classes");
    assertThatThrownBy(() -> new PairedBootstrap(new int[] {0, 1}, new double[2], new double[3]))
        .hasMessageContaining("same rows");
  }
}
