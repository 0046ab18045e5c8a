package org.latamml.evaluation;

import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** Scores a model's predicted probabilities against the true labels. */
public final class Evaluator {
  private Evaluator() {}

  /**
   * Evaluates probabilities of class 1; a row is predicted 1 when its probability is at least
   * {@code threshold}.
   *
   * @throws IllegalArgumentException when the arrays differ in length, are empty, or a label is not
   *     0 or 1
   */
  public static Evaluation evaluate(int[] labels, double[] scores, double threshold) {
    if (labels.length != scores.length || labels.length == 0) {
      throw new IllegalArgumentException(
          "need as many scores as labels, at least one: "
              + labels.length
              + " labels, "
              + scores.length
              + " scores");
    }
    long tn = 0;
    long fp = 0;
    long fn = 0;
    long tp = 0;
    for (int i = 0; i < labels.length; i++) {
      boolean predicted = scores[i] >= threshold;
      switch (labels[i]) {
        case 0 -> {
          if (predicted) {
            fp++;
          } else {
            tn++;
          }
        }
        case 1 -> {
          if (predicted) {
            tp++;
          } else {
            fn++;
          }
        }
        default ->
            throw new IllegalArgumentException(
                "label at row " + (i + 1) + " is " + labels[i] + ", not 0 or 1");
      }
    }
    Map<String, ClassMetrics> classes = new LinkedHashMap<>();
    classes.put("0", ClassMetrics.of(tn, fn, fp));
    classes.put("1", ClassMetrics.of(tp, fp, fn));
    List<ReliabilityBin> reliability = ProbabilityMetrics.reliability(labels, scores);
    return new Evaluation(
        List.of(List.of(tn, fp), List.of(fn, tp)),
        classes,
        (double) (tn + tp) / labels.length,
        rocAuc(labels, scores),
        averagePrecision(labels, scores),
        ProbabilityMetrics.brier(labels, scores),
        ProbabilityMetrics.logLoss(labels, scores),
        ProbabilityMetrics.ece(reliability),
        reliability,
        CurveTracer.trace(labels, scores));
  }

  /** Area under the ROC curve by the rank-sum statistic, ties sharing their mean rank. */
  static double rocAuc(int[] labels, double[] scores) {
    Integer[] order = ascending(scores);
    long positives = Arrays.stream(labels).filter(l -> l == 1).count();
    long negatives = labels.length - positives;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    double positiveRankSum = 0;
    for (int start = 0; start < order.length; ) {
      int end = start;
      while (end + 1 < order.length && scores[order[end + 1]] == scores[order[start]]) {
        end++;
      }
      double meanRank = (start + end) / 2.0 + 1;
      for (int i = start; i <= end; i++) {
        if (labels[order[i]] == 1) {
          positiveRankSum += meanRank;
        }
      }
      start = end + 1;
    }
    return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }

  /**
   * Average precision: the sum over distinct thresholds, highest first, of precision times the gain
   * in recall, as scikit-learn computes it.
   */
  static double averagePrecision(int[] labels, double[] scores) {
    Integer[] order = ascending(scores);
    long positives = Arrays.stream(labels).filter(l -> l == 1).count();
    if (positives == 0) {
      return Double.NaN;
    }
    double sum = 0;
    long truePositives = 0;
    long predicted = 0;
    double previousRecall = 0;
    for (int end = order.length - 1; end >= 0; ) {
      int start = end;
      while (start - 1 >= 0 && scores[order[start - 1]] == scores[order[end]]) {
        start--;
      }
      for (int i = start; i <= end; i++) {
        truePositives += labels[order[i]];
        predicted++;
      }
      double recall = (double) truePositives / positives;
      sum += (recall - previousRecall) * truePositives / predicted;
      previousRecall = recall;
      end = start - 1;
    }
    return sum;
  }

  static Integer[] ascending(double[] scores) {
    Integer[] order = IntStream.range(0, scores.length).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
    return order;
  }
}
