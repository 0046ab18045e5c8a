package org.latamml.calibration;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * How a model's decision threshold is chosen: given, or found on the calibration rows' calibrated
 * probabilities (never on the rows it is evaluated on). A flight is labelled delayed at and above
 * the threshold.
 */
public sealed interface ThresholdRule {

  /** The threshold for these calibrated probabilities and outcomes, strictly between 0 and 1. */
  double choose(double[] probabilities, int[] labels);

  /** How the card describes the rule. */
  String describe();

  /**
   * Parses {@code --threshold-for}: {@code recall=0.64}, {@code precision=0.3}, or {@code max-f1}.
   *
   * @throws IllegalArgumentException naming what it expected
   */
  static ThresholdRule parse(String text) {
    String[] parts = text.trim().split("=", 2);
    String what = parts[0].trim().toLowerCase(Locale.ROOT);
    if (what.equals("max-f1") && parts.length == 1) {
      return new MaxF1();
    }
    if (parts.length == 2 && (what.equals("recall") || what.equals("precision"))) {
      double target;
      try {
        target = Double.parseDouble(parts[1].trim());
      } catch (NumberFormatException e) {
        target = Double.NaN;
      }
      if (!(target > 0 && target < 1)) {
        throw new IllegalArgumentException(
            "--threshold-for " + what + "= needs a number between 0 and 1, got " + parts[1]);
      }
      return what.equals("recall") ? new ForRecall(target) : new ForPrecision(target);
    }
    throw new IllegalArgumentException(
        "--threshold-for must be recall=<0..1>, precision=<0..1> or max-f1, got " + text);
  }

  /** A threshold given as it is. */
  record Fixed(double threshold) implements ThresholdRule {
    /** Checks the threshold. */
    public Fixed {
      if (!(threshold > 0 && threshold < 1)) {
        throw new IllegalArgumentException(
            "--threshold must be between 0 and 1 exclusive, got " + threshold);
      }
    }

    @Override
    public double choose(double[] probabilities, int[] labels) {
      return threshold;
    }

    @Override
    public String describe() {
      return "given: " + threshold;
    }
  }

  /** The highest threshold whose recall of delayed flights reaches the target. */
  record ForRecall(double recall) implements ThresholdRule {
    @Override
    public double choose(double[] probabilities, int[] labels) {
      Sweep sweep = Sweep.of(probabilities, labels);
      for (int k = 0; k < sweep.size(); k++) {
        if (sweep.recall(k) >= recall) {
          return sweep.threshold(k);
        }
      }
      return sweep.threshold(sweep.size() - 1);
    }

    @Override
    public String describe() {
      return "highest threshold with recall >= " + recall + " on the calibration rows";
    }
  }

  /** The lowest threshold whose precision reaches the target. */
  record ForPrecision(double precision) implements ThresholdRule {
    @Override
    public double choose(double[] probabilities, int[] labels) {
      Sweep sweep = Sweep.of(probabilities, labels);
      for (int k = sweep.size() - 1; k >= 0; k--) {
        if (sweep.precision(k) >= precision) {
          return sweep.threshold(k);
        }
      }
      return sweep.threshold(0);
    }

    @Override
    public String describe() {
      return "lowest threshold with precision >= " + precision + " on the calibration rows";
    }
  }

  /** The threshold with the highest F1 score of delayed flights. */
  record MaxF1() implements ThresholdRule {
    @Override
    public double choose(double[] probabilities, int[] labels) {
      Sweep sweep = Sweep.of(probabilities, labels);
      int best = 0;
      for (int k = 1; k < sweep.size(); k++) {
        if (sweep.f1(k) > sweep.f1(best)) {
          best = k;
        }
      }
      return sweep.threshold(best);
    }

    @Override
    public String describe() {
      return "maximum F1 on the calibration rows";
    }
  }

  /**
   * Every distinct probability as a candidate threshold, highest first, with the counts of rows at
   * or above it; candidates are kept strictly inside (0, 1).
   */
  // Parallel arrays, one entry per candidate, read only.
  @SuppressWarnings("ArrayRecordComponent")
  record Sweep(double[] thresholds, long[] truePositives, long[] predicted, long positives) {
    static Sweep of(double[] probabilities, int[] labels) {
      Integer[] order = IntStream.range(0, labels.length).boxed().toArray(Integer[]::new);
      Arrays.sort(order, Comparator.comparingDouble((Integer i) -> probabilities[i]).reversed());
      long positives = Arrays.stream(labels).filter(l -> l == 1).count();
      double[] thresholds = new double[order.length];
      long[] tp = new long[order.length];
      long[] predicted = new long[order.length];
      int n = 0;
      long truePositives = 0;
      for (int end = 0; end < order.length; ) {
        double threshold = probabilities[order[end]];
        while (end < order.length && probabilities[order[end]] == threshold) {
          truePositives += labels[order[end]];
          end++;
        }
        if (threshold > 0 && threshold < 1) {
          thresholds[n] = threshold;
          tp[n] = truePositives;
          predicted[n] = end;
          n++;
        }
      }
      if (n == 0) {
        throw new IllegalArgumentException(
            "no threshold between 0 and 1 exists: every calibrated probability is 0 or 1");
      }
      return new Sweep(
          Arrays.copyOf(thresholds, n),
          Arrays.copyOf(tp, n),
          Arrays.copyOf(predicted, n),
          positives);
    }

    int size() {
      return thresholds.length;
    }

    double threshold(int k) {
      return thresholds[k];
    }

    double recall(int k) {
      return positives == 0 ? 0 : (double) truePositives[k] / positives;
    }

    double precision(int k) {
      return (double) truePositives[k] / predicted[k];
    }

    double f1(int k) {
      double p = precision(k);
      double r = recall(k);
      return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }
  }
}
