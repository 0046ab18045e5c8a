package org.latamml.evaluation;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * How sure a difference between two models is: both scored on the same rows, the rows resampled
 * with replacement, the difference measured on each resample, and the middle 95 % of those
 * differences taken as its interval (percentile bootstrap, paired by row).
 */
public final class PairedBootstrap {

  /** Resamples unless told otherwise. */
  public static final int DEFAULT_RESAMPLES = 1_000;

  private final int[] labels;
  private final double[] first;
  private final double[] second;
  private final Integer[] firstOrder;
  private final Integer[] secondOrder;

  /**
   * A difference of {@code second} minus {@code first}, with its 95 % interval.
   *
   * @param estimate the difference on the rows as they are
   * @param low the 2.5th percentile of the resampled differences
   * @param high the 97.5th percentile
   * @param resamples how many resamples the interval is made of
   * @param seed the seed they were drawn with
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Difference(double estimate, double low, double high, int resamples, long seed) {

    /** Whether the whole interval lies above zero. */
    public boolean surelyPositive() {
      return low > 0;
    }

    /** Whether the whole interval lies below zero. */
    public boolean surelyNegative() {
      return high < 0;
    }
  }

  /**
   * Two models' probabilities for the same labelled rows.
   *
   * @throws IllegalArgumentException when the arrays differ in length or hold a single class
   */
  public PairedBootstrap(int[] labels, double[] first, double[] second) {
    if (labels.length != first.length || labels.length != second.length) {
      throw new IllegalArgumentException(
          "both models must score the same rows: "
              + labels.length
              + " labels, "
              + first.length
              + " and "
              + second.length
              + " scores");
    }
    long positives = Arrays.stream(labels).filter(l -> l == 1).count();
    if (positives == 0 || positives == labels.length) {
      throw new IllegalArgumentException("comparing ROC AUC needs both classes among the rows");
    }
    this.labels = labels.clone();
    this.first = first.clone();
    this.second = second.clone();
    this.firstOrder = Evaluator.ascending(this.first);
    this.secondOrder = Evaluator.ascending(this.second);
  }

  /** The difference in ROC AUC, second minus first. */
  public Difference rocAuc(int resamples, long seed) {
    return resampled(
        weights -> auc(secondOrder, second, weights) - auc(firstOrder, first, weights),
        resamples,
        seed);
  }

  /** The difference in Brier score, second minus first (negative: the second is better). */
  public Difference brier(int resamples, long seed) {
    return resampled(this::brierGap, resamples, seed);
  }

  /** A difference measured on the rows as they are, then on each resample's row weights. */
  private Difference resampled(ToDoubleFunction<long[]> difference, int resamples, long seed) {
    long[] weights = new long[labels.length];
    Arrays.fill(weights, 1);
    double estimate = difference.applyAsDouble(weights);
    double[] differences = new double[resamples];
    SplittableRandom random = new SplittableRandom(seed);
    for (int r = 0; r < resamples; r++) {
      draw(weights, random);
      differences[r] = difference.applyAsDouble(weights);
    }
    return interval(estimate, differences, seed);
  }

  /** Counts how often each row is drawn in one resample of as many rows. */
  private static void draw(long[] weights, SplittableRandom random) {
    Arrays.fill(weights, 0);
    for (int i = 0; i < weights.length; i++) {
      weights[random.nextInt(weights.length)]++;
    }
  }

  /**
   * ROC AUC of weighted rows, walking them once in score order: each positive beats the negatives
   * below it and ties half of those level with it. A resample whose rows hold a single class has no
   * AUC (NaN), and is left out of the interval.
   */
  private double auc(Integer[] order, double[] scores, long[] weights) {
    double below = 0;
    double sum = 0;
    double positives = 0;
    double negatives = 0;
    for (int start = 0; start < order.length; ) {
      int end = start;
      double pos = 0;
      double neg = 0;
      while (end < order.length && scores[order[end]] == scores[order[start]]) {
        long w = weights[order[end]];
        if (labels[order[end]] == 1) {
          pos += w;
        } else {
          neg += w;
        }
        end++;
      }
      sum += pos * (below + neg / 2);
      below += neg;
      positives += pos;
      negatives += neg;
      start = end;
    }
    return positives == 0 || negatives == 0 ? Double.NaN : sum / (positives * negatives);
  }

  private double brierGap(long[] weights) {
    double gap = 0;
    double total = 0;
    for (int i = 0; i < labels.length; i++) {
      double a = first[i] - labels[i];
      double b = second[i] - labels[i];
      gap += weights[i] * (b * b - a * a);
      total += weights[i];
    }
    return gap / total;
  }

  private static Difference interval(double estimate, double[] differences, long seed) {
    double[] kept = Arrays.stream(differences).filter(d -> !Double.isNaN(d)).sorted().toArray();
    if (kept.length == 0) {
      return new Difference(estimate, Double.NaN, Double.NaN, 0, seed);
    }
    return new Difference(
        estimate, percentile(kept, 0.025), percentile(kept, 0.975), kept.length, seed);
  }

  /** The linearly interpolated percentile of sorted values, as numpy's default. */
  private static double percentile(double[] sorted, double quantile) {
    double position = quantile * (sorted.length - 1);
    int low = (int) Math.floor(position);
    int high = Math.min(low + 1, sorted.length - 1);
    return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
  }
}
