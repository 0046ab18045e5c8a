package org.latamml.monitoring;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What calibrated probabilities let one expect before outcomes are known (confidence-based
 * performance estimation): a flight scored p is delayed with probability p, so the expected number
 * of delayed flights among those labelled delayed is the sum of their probabilities.
 *
 * @param count flights estimated
 * @param delayRate expected share delayed: the mean probability
 * @param precision expected share delayed among those labelled delayed
 * @param recall expected share labelled delayed among the delayed
 * @param f1 harmonic mean of the expected precision and recall
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ExpectedQuality(
    long count,
    @Schema(nullable = true) Double delayRate,
    @Schema(nullable = true) Double precision,
    @Schema(nullable = true) Double recall,
    @Schema(nullable = true) Double f1) {

  /** The expectation over these probabilities, a flight labelled delayed at {@code threshold}. */
  static ExpectedQuality of(double[] probabilities, double threshold) {
    if (probabilities.length == 0) {
      return new ExpectedQuality(0, null, null, null, null);
    }
    double delayed = 0;
    double delayedAndLabelled = 0;
    long labelled = 0;
    for (double p : probabilities) {
      delayed += p;
      if (p >= threshold) {
        delayedAndLabelled += p;
        labelled++;
      }
    }
    Double precision = labelled == 0 ? null : delayedAndLabelled / labelled;
    Double recall = delayed == 0 ? null : delayedAndLabelled / delayed;
    Double f1 =
        precision == null || recall == null || precision + recall == 0
            ? null
            : 2 * precision * recall / (precision + recall);
    return new ExpectedQuality(
        probabilities.length, delayed / probabilities.length, precision, recall, f1);
  }
}
