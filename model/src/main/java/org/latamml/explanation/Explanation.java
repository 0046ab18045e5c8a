package org.latamml.explanation;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * Why a model scored a flight as it did: {@code base + Σ contribution = logOdds}, the model's score
 * before calibration; the probability is the calibrated {@code logOdds}.
 *
 * @param logOdds the model's log-odds for the flight
 * @param base what every flight starts from (a linear model's intercept)
 * @param contributions each input that moved it, largest effect first
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Explanation(double logOdds, double base, List<Contribution> contributions) {

  /** Copies the contributions. */
  public Explanation {
    contributions = List.copyOf(contributions);
  }
}
