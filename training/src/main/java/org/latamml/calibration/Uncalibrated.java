package org.latamml.calibration;

import java.util.Map;

/** The model's own probability, {@code sigmoid(log-odds)}, left as it is. */
public record Uncalibrated() implements Calibrator {

  @Override
  public String method() {
    return "none";
  }

  @Override
  public double probability(double logOdds) {
    return Calibrator.sigmoid(logOdds);
  }

  @Override
  public Map<String, Object> parameters() {
    return Map.of();
  }
}
