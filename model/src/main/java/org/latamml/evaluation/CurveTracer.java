package org.latamml.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/** Traces a model's ROC and precision–recall curves and score histograms from its probabilities. */
public final class CurveTracer {
  private CurveTracer() {}

  /** The curves of these probabilities against these labels (both classes present or not). */
  public static Curves trace(int[] labels, double[] probabilities) {
    Integer[] order = IntStream.range(0, labels.length).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> probabilities[i]).reversed());
    long positives = Arrays.stream(labels).filter(l -> l == 1).count();
    long negatives = labels.length - positives;
    List<CurvePoint> roc = new ArrayList<>();
    List<CurvePoint> pr = new ArrayList<>();
    roc.add(new CurvePoint(1, 0, 0));
    long truePositives = 0;
    long falsePositives = 0;
    // One point per distinct probability, highest first: rows tied on a probability move together.
    for (int end = 0; end < order.length; ) {
      double threshold = probabilities[order[end]];
      while (end < order.length && probabilities[order[end]] == threshold) {
        if (labels[order[end]] == 1) {
          truePositives++;
        } else {
          falsePositives++;
        }
        end++;
      }
      double recall = positives == 0 ? 0 : (double) truePositives / positives;
      roc.add(
          new CurvePoint(
              threshold, negatives == 0 ? 0 : (double) falsePositives / negatives, recall));
      pr.add(
          new CurvePoint(
              threshold, recall, (double) truePositives / (truePositives + falsePositives)));
    }
    return new Curves(
        thin(roc),
        thin(pr),
        edges(),
        histogram(labels, probabilities, 0),
        histogram(labels, probabilities, 1));
  }

  /** At most {@link Curves#MAX_POINTS} points, evenly spaced along the curve, both ends kept. */
  static List<CurvePoint> thin(List<CurvePoint> points) {
    if (points.size() <= Curves.MAX_POINTS) {
      return points;
    }
    List<CurvePoint> kept = new ArrayList<>(Curves.MAX_POINTS);
    for (int k = 0; k < Curves.MAX_POINTS; k++) {
      kept.add(
          points.get((int) Math.round((double) k * (points.size() - 1) / (Curves.MAX_POINTS - 1))));
    }
    return kept;
  }

  private static List<Double> edges() {
    List<Double> edges = new ArrayList<>();
    for (int b = 0; b <= Curves.HISTOGRAM_BINS; b++) {
      edges.add((double) b / Curves.HISTOGRAM_BINS);
    }
    return edges;
  }

  private static List<Long> histogram(int[] labels, double[] probabilities, int label) {
    long[] counts = new long[Curves.HISTOGRAM_BINS];
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] == label) {
        int bin = (int) Math.floor(probabilities[i] * Curves.HISTOGRAM_BINS);
        counts[Math.min(Curves.HISTOGRAM_BINS - 1, Math.max(0, bin))]++;
      }
    }
    return Arrays.stream(counts).boxed().toList();
  }
}
