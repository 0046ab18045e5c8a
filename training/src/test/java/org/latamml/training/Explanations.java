package org.latamml.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.latamml.artifact.DelayModel;
import org.latamml.calibration.Calibrator;
import org.latamml.explanation.Contribution;
import org.latamml.explanation.Explainer;
import org.latamml.explanation.Explanation;

/** What every explanation must be, checked against the graph of the model it explains. */
final class Explanations {
  private Explanations() {}

  static double baseAndContributions(Explanation explanation) {
    return explanation.base()
        + explanation.contributions().stream().mapToDouble(Contribution::contribution).sum();
  }

  /**
   * Each row's contributions add up to its log-odds, and the sigmoid of those is the uncalibrated
   * graph's probability; returns the explainer.
   */
  static Explainer assertExplainsEveryRow(DelayModel served, float[][] rows) {
    Explainer explainer = served.explainer().orElseThrow();
    double[] probabilities = served.score(rows);
    for (int i = 0; i < rows.length; i++) {
      Explanation explanation = explainer.explain(rows[i], 0);
      assertThat(baseAndContributions(explanation))
          .as("row %d", i)
          .isCloseTo(explanation.logOdds(), within(1e-9));
      assertThat(Calibrator.sigmoid(explanation.logOdds()))
          .as("row %d", i)
          .isCloseTo(probabilities[i], within(1e-5));
    }
    return explainer;
  }
}
