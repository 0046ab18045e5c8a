package org.latamml.evaluation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A model's results on labelled rows at its decision threshold (class 1 = delayed).
 *
 * @param confusionMatrix {@code [[TN, FP], [FN, TP]]}
 * @param classes the metrics of class {@code "0"} and class {@code "1"}
 * @param accuracy share of rows predicted right
 * @param rocAuc area under the ROC curve of the scores (threshold-free)
 * @param prAuc average precision of the scores for class 1 (threshold-free), as scikit-learn's
 *     {@code average_precision_score}
 * @param brier mean squared difference between probability and outcome; absent from cards made
 *     before it was measured, as are the fields below
 * @param logLoss mean negative log-likelihood of the outcomes
 * @param ece expected calibration error over the {@code reliability} bins
 * @param reliability the reliability diagram: 10 equal-width bins of predicted probability
 * @param curves ROC and precision–recall curves and score histograms, to draw them
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({
  "confusion_matrix",
  "classes",
  "accuracy",
  "roc_auc",
  "pr_auc",
  "brier",
  "log_loss",
  "ece",
  "reliability",
  "curves"
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Evaluation(
    // Required: a card written by hand without them would read as 0 (an offline ROC AUC of 0
    // below which no live figure ever falls) or fail later on a null.
    @JsonProperty(required = true) List<List<Long>> confusionMatrix,
    @JsonProperty(required = true) Map<String, ClassMetrics> classes,
    @JsonProperty(required = true) double accuracy,
    @JsonProperty(required = true) double rocAuc,
    @JsonProperty(required = true) double prAuc,
    Double brier,
    Double logLoss,
    Double ece,
    List<ReliabilityBin> reliability,
    Curves curves) {

  /** Copies the matrix, so that the evaluation stays as it was made. */
  public Evaluation {
    confusionMatrix = confusionMatrix.stream().map(List::copyOf).toList();
    classes = Collections.unmodifiableMap(new TreeMap<>(classes));
    reliability = reliability == null ? null : List.copyOf(reliability);
  }

  /** True negatives. */
  public long trueNegatives() {
    return confusionMatrix.get(0).get(0);
  }

  /** False positives. */
  public long falsePositives() {
    return confusionMatrix.get(0).get(1);
  }

  /** False negatives. */
  public long falseNegatives() {
    return confusionMatrix.get(1).get(0);
  }

  /** True positives. */
  public long truePositives() {
    return confusionMatrix.get(1).get(1);
  }

  /** The metrics of class 1, delayed. */
  public ClassMetrics delayed() {
    return classes.get("1");
  }

  /** The metrics of class 0, on time. */
  public ClassMetrics onTime() {
    return classes.get("0");
  }
}
