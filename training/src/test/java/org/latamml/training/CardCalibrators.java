package org.latamml.training;

import java.util.List;
import java.util.Map;
import org.latamml.artifact.ModelCard;
import org.latamml.calibration.Calibrator;
import org.latamml.calibration.IsotonicCalibration;
import org.latamml.calibration.PlattScaling;

/** The calibrator a card records, read back to check a graph's probabilities against. */
final class CardCalibrators {
  private CardCalibrators() {}

  static Calibrator of(ModelCard card) {
    Map<String, Object> parameters = card.calibration().parameters();
    return switch (card.calibration().method()) {
      case "isotonic" ->
          new IsotonicCalibration(
              numbers(parameters.get("log_odds")), numbers(parameters.get("probabilities")));
      case "platt" ->
          new PlattScaling(
              ((Number) parameters.get("slope")).doubleValue(),
              ((Number) parameters.get("intercept")).doubleValue());
      default ->
          throw new IllegalArgumentException(
              "no calibrator to read back for " + card.calibration().method());
    };
  }

  private static double[] numbers(Object list) {
    return ((List<?>) list).stream().mapToDouble(n -> ((Number) n).doubleValue()).toArray();
  }
}
