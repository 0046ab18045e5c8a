package org.latamml.calibration;

import java.util.LinkedHashMap;
import java.util.Map;
import org.latamml.evaluation.ProbabilityMetrics;

/** How {@code train --calibration} picks the calibrator: one method, or the better of two. */
public enum CalibrationMethod {
  /** Platt scaling or isotonic regression, whichever has the lower held-out calibration error. */
  AUTO,
  /** Platt scaling. */
  PLATT,
  /** Isotonic regression. */
  ISOTONIC,
  /** None: the model's own probabilities. */
  NONE;

  /**
   * A calibrator and how it was chosen.
   *
   * @param calibrator the one chosen, fitted on every calibration row
   * @param heldOutEce each candidate's expected calibration error on the half of the calibration
   *     rows it was not fitted on (mean of both halves); empty when the method was given
   */
  public record Choice(Calibrator calibrator, Map<String, Double> heldOutEce) {}

  /** Chooses and fits a calibrator on log-odds from a model that never saw their rows. */
  public Choice choose(double[] logOdds, int[] labels) {
    return switch (this) {
      case PLATT -> new Choice(PlattScaling.fit(logOdds, labels), Map.of());
      case ISOTONIC -> new Choice(IsotonicCalibration.fit(logOdds, labels), Map.of());
      case NONE -> new Choice(new Uncalibrated(), Map.of());
      case AUTO -> chooseByHeldOutError(logOdds, labels);
    };
  }

  /**
   * Fits each candidate on one half of the rows (alternate rows) and measures it on the other, both
   * ways round: a calibrator measured on its own rows would flatter isotonic regression, which can
   * follow them exactly.
   */
  private static Choice chooseByHeldOutError(double[] logOdds, int[] labels) {
    Halves halves = Halves.of(logOdds, labels);
    Map<String, Double> errors = new LinkedHashMap<>();
    errors.put("platt", halves.heldOutEce(PLATT));
    errors.put("isotonic", halves.heldOutEce(ISOTONIC));
    // Platt on a tie: two parameters generalise more safely than a step function.
    CalibrationMethod best = errors.get("isotonic") < errors.get("platt") ? ISOTONIC : PLATT;
    return new Choice(best.choose(logOdds, labels).calibrator(), errors);
  }

  // Four arrays of one use each: the halves' rows and labels.
  @SuppressWarnings("ArrayRecordComponent")
  private record Halves(double[] evenX, int[] evenY, double[] oddX, int[] oddY) {
    static Halves of(double[] x, int[] y) {
      int even = (x.length + 1) / 2;
      double[] evenX = new double[even];
      int[] evenY = new int[even];
      double[] oddX = new double[x.length - even];
      int[] oddY = new int[x.length - even];
      for (int i = 0; i < x.length; i++) {
        if (i % 2 == 0) {
          evenX[i / 2] = x[i];
          evenY[i / 2] = y[i];
        } else {
          oddX[i / 2] = x[i];
          oddY[i / 2] = y[i];
        }
      }
      return new Halves(evenX, evenY, oddX, oddY);
    }

    double heldOutEce(CalibrationMethod method) {
      Calibrator onEven = method.choose(evenX, evenY).calibrator();
      Calibrator onOdd = method.choose(oddX, oddY).calibrator();
      return (ProbabilityMetrics.ece(oddY, onEven.probabilities(oddX))
              + ProbabilityMetrics.ece(evenY, onOdd.probabilities(evenX)))
          / 2;
    }
  }
}
