package org.latamml.evaluation;

import java.util.ArrayList;
import java.util.List;

/**
 * How far predicted probabilities are from what happened: scikit-learn's Brier score and log loss,
 * and the expected calibration error over {@value #BINS} equal-width bins with its reliability
 * diagram.
 */
public final class ProbabilityMetrics {

  /** Bins of the reliability diagram and of the expected calibration error. */
  public static final int BINS = 10;

  // scikit-learn's log_loss clips probabilities to the float64 machine epsilon.
  private static final double EPSILON = Math.ulp(1.0);

  private ProbabilityMetrics() {}

  /** The mean squared difference between probability and outcome (0 or 1). */
  public static double brier(int[] labels, double[] probabilities) {
    double sum = 0;
    for (int i = 0; i < labels.length; i++) {
      double difference = probabilities[i] - labels[i];
      sum += difference * difference;
    }
    return sum / labels.length;
  }

  /** The mean negative log-likelihood of the outcomes, in nats. */
  public static double logLoss(int[] labels, double[] probabilities) {
    double sum = 0;
    for (int i = 0; i < labels.length; i++) {
      double p = Math.min(Math.max(probabilities[i], EPSILON), 1 - EPSILON);
      sum -= labels[i] == 1 ? Math.log(p) : Math.log1p(-p);
    }
    return sum / labels.length;
  }

  /** The reliability diagram: {@value #BINS} bins of width 0.1, empty ones included. */
  public static List<ReliabilityBin> reliability(int[] labels, double[] probabilities) {
    long[] counts = new long[BINS];
    double[] predicted = new double[BINS];
    long[] delayed = new long[BINS];
    for (int i = 0; i < labels.length; i++) {
      int bin = binOf(probabilities[i]);
      counts[bin]++;
      predicted[bin] += probabilities[i];
      delayed[bin] += labels[i];
    }
    List<ReliabilityBin> bins = new ArrayList<>(BINS);
    for (int b = 0; b < BINS; b++) {
      bins.add(
          new ReliabilityBin(
              (double) b / BINS,
              (double) (b + 1) / BINS,
              counts[b] == 0 ? 0 : predicted[b] / counts[b],
              counts[b] == 0 ? 0 : (double) delayed[b] / counts[b],
              counts[b]));
    }
    return bins;
  }

  /** The expected calibration error: each bin's gap between predicted and observed, weighted. */
  public static double ece(List<ReliabilityBin> reliability) {
    long total = reliability.stream().mapToLong(ReliabilityBin::count).sum();
    double sum = 0;
    for (ReliabilityBin bin : reliability) {
      sum += (double) bin.count() / total * Math.abs(bin.meanPredicted() - bin.observedRate());
    }
    return sum;
  }

  /** The expected calibration error of these probabilities. */
  public static double ece(int[] labels, double[] probabilities) {
    return ece(reliability(labels, probabilities));
  }

  private static int binOf(double probability) {
    return Math.min(BINS - 1, Math.max(0, (int) Math.floor(probability * BINS)));
  }
}
