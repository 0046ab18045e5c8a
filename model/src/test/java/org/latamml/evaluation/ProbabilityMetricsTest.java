package org.latamml.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ProbabilityMetricsTest {
  private static final int[] LABELS = {0, 1, 1, 0};
  private static final double[] PROBABILITIES = {0.05, 0.15, 0.95, 0.55};

  @Test
  void brierIsTheMeanSquaredGap() {
    // (0.05² + 0.85² + 0.05² + 0.55²) / 4
    assertThat(ProbabilityMetrics.brier(LABELS, PROBABILITIES)).isCloseTo(0.2575, within(1e-12));
  }

  @Test
  void logLossIsTheMeanNegativeLogLikelihood() {
    double expected = -(Math.log(0.95) + Math.log(0.15) + Math.log(0.95) + Math.log(0.45)) / 4;
    assertThat(ProbabilityMetrics.logLoss(LABELS, PROBABILITIES))
        .isCloseTo(expected, within(1e-12));
  }

  @Test
  void certainWrongAnswersCostAFiniteLogLoss() {
    assertThat(ProbabilityMetrics.logLoss(new int[] {1}, new double[] {0}))
        .isFinite()
        .isGreaterThan(30);
  }

  @Test
  void reliabilityBinsRowsByTenthsAndEceWeighsEachBinsGap() {
    var bins = ProbabilityMetrics.reliability(LABELS, PROBABILITIES);

    assertThat(bins).hasSize(10);
    assertThat(bins.get(0).count()).isEqualTo(1);
    assertThat(bins.get(1).observedRate()).isEqualTo(1.0);
    assertThat(bins.get(5).meanPredicted()).isCloseTo(0.55, within(1e-12));
    assertThat(bins.get(9).count()).isEqualTo(1);
    assertThat(bins.get(3).count()).isZero();
    // Gaps: 0.05, 0.85, 0.55, 0.05, each a quarter of the rows.
    assertThat(ProbabilityMetrics.ece(bins)).isCloseTo(0.375, within(1e-12));
  }

  @Test
  void aProbabilityOfOneFallsInTheLastBin() {
    var bins = ProbabilityMetrics.reliability(new int[] {1}, new double[] {1.0});
    assertThat(bins.get(9).count()).isEqualTo(1);
  }

  @Test
  void curvesRunFromNothingPredictedToEverythingAndThinToTheirLimit() {
    int n = 1_000;
    int[] labels = new int[n];
    double[] scores = new double[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 3 == 0 ? 1 : 0;
      scores[i] = (i + 0.5) / n;
    }

    Curves curves = CurveTracer.trace(labels, scores);

    assertThat(curves.roc()).hasSize(Curves.MAX_POINTS);
    assertThat(curves.roc().get(0).x()).isZero();
    assertThat(curves.roc().get(Curves.MAX_POINTS - 1).x()).isEqualTo(1.0);
    assertThat(curves.roc().get(Curves.MAX_POINTS - 1).y()).isEqualTo(1.0);
    assertThat(
            curves.onTimeCounts().stream().mapToLong(Long::longValue).sum()
                + curves.delayedCounts().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(n);
    assertThat(curves.histogramEdges()).hasSize(Curves.HISTOGRAM_BINS + 1);
  }
}
