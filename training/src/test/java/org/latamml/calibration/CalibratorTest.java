package org.latamml.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.latamml.evaluation.ProbabilityMetrics;

class CalibratorTest {

  /** Log-odds drawn evenly from [-3, 3] and outcomes drawn with {@code sigmoid(a·z + b)}. */
  @SuppressWarnings("ArrayRecordComponent") // made once per test, only read
  private record Sample(double[] logOdds, int[] labels) {
    static Sample of(int size, double a, double b, long seed) {
      Random random = new Random(seed);
      double[] z = new double[size];
      int[] y = new int[size];
      for (int i = 0; i < size; i++) {
        z[i] = random.nextDouble() * 6 - 3;
        y[i] = random.nextDouble() < Calibrator.sigmoid(a * z[i] + b) ? 1 : 0;
      }
      return new Sample(z, y);
    }
  }

  @Test
  void plattScalingRecoversTheSlopeAndInterceptTheOutcomesWereDrawnWith() {
    Sample sample = Sample.of(40_000, 0.5, -1.2, 1);

    PlattScaling platt = PlattScaling.fit(sample.logOdds(), sample.labels());

    assertThat(platt.slope()).isCloseTo(0.5, within(0.05));
    assertThat(platt.intercept()).isCloseTo(-1.2, within(0.05));
  }

  @Test
  void plattScalingBringsOverconfidentScoresToTheirObservedRates() {
    Sample sample = Sample.of(40_000, 0.5, -1.2, 2);
    double before =
        ProbabilityMetrics.ece(sample.labels(), new Uncalibrated().probabilities(sample.logOdds()));

    PlattScaling platt = PlattScaling.fit(sample.logOdds(), sample.labels());
    double after = ProbabilityMetrics.ece(sample.labels(), platt.probabilities(sample.logOdds()));

    assertThat(before).isGreaterThan(0.15);
    assertThat(after).isLessThan(0.02);
  }

  @Test
  void isotonicRegressionPoolsAdjacentViolatorsAndInterpolatesBetweenThem() {
    // Rates by log-odds: 0 → 1/10, 1 → 3/10, 2 → 2/10, 3 → 6/10; 1 and 2 violate the order and
    // pool to 5/20.
    double[] z = new double[40];
    int[] y = new int[40];
    int[] delayed = {1, 3, 2, 6};
    for (int group = 0; group < 4; group++) {
      for (int i = 0; i < 10; i++) {
        z[group * 10 + i] = group;
        y[group * 10 + i] = i < delayed[group] ? 1 : 0;
      }
    }

    IsotonicCalibration isotonic = IsotonicCalibration.fit(z, y);

    assertThat(isotonic.logOdds()).containsExactly(0, 1, 2, 3);
    assertThat(isotonic.probabilities()).containsExactly(0.1, 0.25, 0.25, 0.6);
    assertThat(isotonic.probability(0.5)).isCloseTo(0.175, within(1e-12));
    assertThat(isotonic.probability(1.5)).isCloseTo(0.25, within(1e-12));
    assertThat(isotonic.probability(2.25)).isCloseTo(0.3375, within(1e-12));
  }

  @Test
  void isotonicRegressionNeverAnswersACertainty() {
    IsotonicCalibration isotonic =
        IsotonicCalibration.fit(new double[] {0, 0, 1, 1, 2, 2}, new int[] {0, 0, 0, 1, 1, 1});

    assertThat(isotonic.probability(0)).isEqualTo(IsotonicCalibration.MIN_PROBABILITY);
    assertThat(isotonic.probability(2)).isEqualTo(1 - IsotonicCalibration.MIN_PROBABILITY);
    assertThat(isotonic.probability(1)).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void calibratorsRefuseLogOddsThatAreNotFinite() {
    double[] logOdds = {0, Double.POSITIVE_INFINITY, 1};
    int[] labels = {0, 1, 1};

    assertThatThrownBy(() -> PlattScaling.fit(logOdds, labels)).hasMessageContaining("row 2");
    assertThatThrownBy(() -> IsotonicCalibration.fit(logOdds, labels))
        .hasMessageContaining("row 2");
  }

  @Test
  void isotonicRegressionHoldsItsEndsBeyondTheLogOddsItSaw() {
    IsotonicCalibration isotonic =
        new IsotonicCalibration(new double[] {-1, 0, 1}, new double[] {0.2, 0.3, 0.7});

    assertThat(isotonic.probability(-50)).isEqualTo(0.2);
    assertThat(isotonic.probability(50)).isEqualTo(0.7);
  }

  @Test
  void isotonicRegressionRefusesPointsThatDoNotIncrease() {
    assertThatThrownBy(
            () -> new IsotonicCalibration(new double[] {0, 1, 1}, new double[] {0.1, 0.2, 0.3}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("point 2");
  }

  @Test
  void autoPicksTheMethodWithTheLowerHeldOutErrorAndRecordsBoth() {
    // Outcomes that step rather than follow a sigmoid: isotonic regression fits them, Platt cannot.
    Random random = new Random(3);
    double[] z = new double[20_000];
    int[] y = new int[z.length];
    for (int i = 0; i < z.length; i++) {
      z[i] = random.nextDouble() * 6 - 3;
      y[i] = random.nextDouble() < (z[i] < 0 ? 0.05 : 0.9) ? 1 : 0;
    }

    CalibrationMethod.Choice choice = CalibrationMethod.AUTO.choose(z, y);

    assertThat(choice.heldOutEce()).containsOnlyKeys("platt", "isotonic");
    assertThat(choice.heldOutEce().get("isotonic")).isLessThan(choice.heldOutEce().get("platt"));
    assertThat(choice.calibrator()).isInstanceOf(IsotonicCalibration.class);
  }

  @Test
  void autoKeepsPlattWhenTheOutcomesFollowASigmoid() {
    Sample sample = Sample.of(20_000, 0.7, 0.3, 4);

    CalibrationMethod.Choice choice =
        CalibrationMethod.AUTO.choose(sample.logOdds(), sample.labels());

    assertThat(choice.heldOutEce().get("platt")).isLessThan(choice.heldOutEce().get("isotonic"));
    assertThat(choice.calibrator()).isInstanceOf(PlattScaling.class);
  }
}
