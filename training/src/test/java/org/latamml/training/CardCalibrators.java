package org.latamml.training;

import java.util.List;
import java.util.Map;
import org.latamml.artifact.ModelCard;
import org.latamml.calibration.IsotonicCalibration;

/** The isotonic calibrator a card records, read back to check a graph's probabilities against. */
final class CardCalibrators {
  private CardCalibrators() {}

  static IsotonicCalibration isotonicOf(ModelCard card) {
    Map<String, Object> parameters = card.calibration().parameters();
    return new IsotonicCalibration(
        numbers(parameters.get("log_odds")), numbers(parameters.get("probabilities")));
  }

  private static double[] numbers(Object list) {
    return ((List<?>) list).stream().mapToDouble(n -> ((Number) n).doubleValue()).toArray();
  }
}
