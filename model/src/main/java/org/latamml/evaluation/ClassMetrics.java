package org.latamml.evaluation;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How well one class was found. A ratio whose denominator is 0 is reported as 0, as scikit-learn
 * does.
 *
 * @param precision of the rows predicted as this class, the share that are
 * @param recall of the rows of this class, the share predicted as it
 * @param f1 harmonic mean of precision and recall
 * @param support how many rows are of this class
 */
public record ClassMetrics(
    @JsonProperty(required = true) double precision,
    @JsonProperty(required = true) double recall,
    @JsonProperty(required = true) double f1,
    @JsonProperty(required = true) long support) {

  static ClassMetrics of(long truePositives, long falsePositives, long falseNegatives) {
    double precision = ratio(truePositives, truePositives + falsePositives);
    double recall = ratio(truePositives, truePositives + falseNegatives);
    double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    return new ClassMetrics(precision, recall, f1, truePositives + falseNegatives);
  }

  private static double ratio(long numerator, long denominator) {
    return denominator == 0 ? 0 : (double) numerator / denominator;
  }
}
