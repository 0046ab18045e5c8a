package org.latamml.monitoring;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.latamml.evaluation.ClassMetrics;
import org.latamml.evaluation.Evaluation;
import org.latamml.evaluation.Evaluator;
import org.latamml.evaluation.ReliabilityBin;

/**
 * How a model version does in production over a window of flights: what it predicted against what
 * happened, under the names {@code ./latam evaluate --json} uses, beside what its probabilities led
 * to expect and the figures of its card. A figure that the flights cannot give (an AUC with one
 * class, anything without outcomes) is absent.
 *
 * @param modelVersion the version
 * @param window the window asked
 * @param from the first scheduled time covered, local
 * @param to the first scheduled time past it, local
 * @param predicted flights of the window the version predicted
 * @param count of those, flights that have left: the outcomes the figures below are measured on
 * @param delayRate share of them that left more than 15 minutes late
 * @param threshold the card's threshold, at which a flight is labelled delayed
 * @param confusionMatrix {@code [[TN, FP], [FN, TP]]}
 * @param classes precision, recall, F1 and support of class "0" and "1"
 * @param accuracy share labelled right
 * @param rocAuc area under the ROC curve
 * @param prAuc average precision of class 1
 * @param brier mean squared difference between probability and outcome
 * @param logLoss mean negative log-likelihood of the outcomes
 * @param ece expected calibration error over 10 equal-width bins
 * @param reliability the reliability diagram's bins
 * @param expected what the probabilities of the same flights led to expect
 * @param pending what the probabilities of the flights not yet left lead to expect
 * @param offline the card's figures on its test data, to compare
 * @param unreadPredictions predictions logged that the outcome monitor has yet to read: the counts
 *     above may grow once it has
 * @param unreadSince when the oldest of them was logged, UTC; absent when none waits
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "model_version",
  "window",
  "from",
  "to",
  "predicted",
  "count",
  "delay_rate",
  "threshold"
})
public record LiveQuality(
    @JsonInclude(JsonInclude.Include.ALWAYS) String modelVersion,
    @JsonInclude(JsonInclude.Include.ALWAYS) String window,
    @JsonInclude(JsonInclude.Include.ALWAYS) LocalDateTime from,
    @JsonInclude(JsonInclude.Include.ALWAYS) LocalDateTime to,
    long predicted,
    long count,
    Double delayRate,
    double threshold,
    List<List<Long>> confusionMatrix,
    Map<String, ClassMetrics> classes,
    Double accuracy,
    Double rocAuc,
    Double prAuc,
    Double brier,
    Double logLoss,
    Double ece,
    List<ReliabilityBin> reliability,
    ExpectedQuality expected,
    ExpectedQuality pending,
    Offline offline,
    @JsonInclude(JsonInclude.Include.ALWAYS) long unreadPredictions,
    Instant unreadSince) {

  /**
   * The card's figures on its test data.
   *
   * @param rocAuc area under the ROC curve
   * @param brier Brier score; absent from cards made before it was measured
   * @param ece expected calibration error
   * @param classes precision, recall, F1 and support per class
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Offline(
      Double rocAuc, Double brier, Double ece, Map<String, ClassMetrics> classes) {
    /** The figures of a card's evaluation; null without one. */
    static Offline of(Evaluation evaluation) {
      return evaluation == null
          ? null
          : new Offline(
              defined(evaluation.rocAuc()),
              evaluation.brier(),
              evaluation.ece(),
              evaluation.classes());
    }
  }

  /**
   * The quality of a version's kept predictions, one per flight ({@link
   * PredictionOutcomes#latestPerFlight}).
   */
  static LiveQuality of(
      String version,
      QualityWindow window,
      List<PredictionOutcomes.Row> flights,
      double threshold,
      Evaluation offline,
      MonitorBacklog backlog) {
    List<PredictionOutcomes.Row> known = flights.stream().filter(r -> r.delayed() != null).toList();
    double[] pendingScores =
        flights.stream()
            .filter(r -> r.delayed() == null)
            .mapToDouble(PredictionOutcomes.Row::probability)
            .toArray();
    int[] labels = known.stream().mapToInt(r -> r.delayed() ? 1 : 0).toArray();
    double[] scores = known.stream().mapToDouble(PredictionOutcomes.Row::probability).toArray();
    // Without outcomes, only what the probabilities lead to expect.
    Evaluation live = known.isEmpty() ? null : Evaluator.evaluate(labels, scores, threshold);
    return new LiveQuality(
        version,
        window.name(),
        window.from(),
        window.to(),
        flights.size(),
        known.size(),
        live == null ? null : java.util.Arrays.stream(labels).average().orElseThrow(),
        threshold,
        live == null ? null : live.confusionMatrix(),
        live == null ? null : live.classes(),
        live == null ? null : live.accuracy(),
        live == null ? null : defined(live.rocAuc()),
        live == null ? null : defined(live.prAuc()),
        live == null ? null : live.brier(),
        live == null ? null : live.logLoss(),
        live == null ? null : live.ece(),
        live == null ? null : live.reliability(),
        live == null ? null : ExpectedQuality.of(scores, threshold),
        ExpectedQuality.of(pendingScores, threshold),
        Offline.of(offline),
        backlog.predictions(),
        backlog.since());
  }

  private static Double defined(double value) {
    return Double.isFinite(value) ? value : null;
  }
}
