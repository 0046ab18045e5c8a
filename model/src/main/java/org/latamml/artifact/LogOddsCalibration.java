package org.latamml.artifact;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The last steps of our trainers' graphs, from log-odds to probability, in the graph's single
 * precision: a sigmoid, Platt's {@code sigmoid(slope · z + intercept)}, or isotonic regression's
 * clipped interpolation between its points (docs/MODEL.md, "Calibration").
 */
@FunctionalInterface
interface LogOddsCalibration {
  /** The probability of delay of a row with these log-odds. */
  double probability(float logOdds);

  /**
   * The steps of a card's calibration, absent (no calibration) meaning a plain sigmoid; empty for a
   * method this does not know, or parameters it cannot read.
   */
  static Optional<LogOddsCalibration> of(Calibration calibration) {
    if (calibration == null || "none".equals(calibration.method())) {
      return Optional.of(LogOddsCalibration::sigmoid);
    }
    if (calibration.method() == null) {
      return Optional.empty();
    }
    Map<String, Object> parameters =
        calibration.parameters() == null ? Map.of() : calibration.parameters();
    return switch (calibration.method()) {
      case "platt" -> platt(parameters.get("slope"), parameters.get("intercept"));
      case "isotonic" -> isotonic(parameters.get("log_odds"), parameters.get("probabilities"));
      default -> Optional.empty();
    };
  }

  private static double sigmoid(float z) {
    return (float) (1.0 / (1.0 + Math.exp(-(double) z)));
  }

  private static Optional<LogOddsCalibration> platt(Object slope, Object intercept) {
    if (!(slope instanceof Number s) || !(intercept instanceof Number i)) {
      return Optional.empty();
    }
    // The graph's Mul then Add, each rounded to single precision, as Java's float operations are.
    float a = s.floatValue();
    float b = i.floatValue();
    return Optional.of(z -> sigmoid(z * a + b));
  }

  private static Optional<LogOddsCalibration> isotonic(Object logOdds, Object probabilities) {
    if (!(logOdds instanceof List<?> xs)
        || !(probabilities instanceof List<?> ys)
        || xs.size() != ys.size()
        || xs.size() < 2
        || !xs.stream().allMatch(Number.class::isInstance)
        || !ys.stream().allMatch(Number.class::isInstance)) {
      return Optional.empty();
    }
    double[] x = xs.stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
    double[] y = ys.stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
    return Optional.of(IsotonicSegments.of(x, y)::probability);
  }
}
