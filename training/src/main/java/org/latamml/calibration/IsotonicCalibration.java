package org.latamml.calibration;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Isotonic regression: the non-decreasing step function of the log-odds closest to the outcomes
 * (pool adjacent violators), interpolated linearly between its points and held flat beyond them, as
 * scikit-learn's {@code IsotonicRegression(out_of_bounds="clip")}.
 *
 * @param logOdds the points' log-odds, strictly increasing, at least two
 * @param probabilities the probability at each point, non-decreasing
 */
// Read-only arrays of a few hundred points, made once by fit.
@SuppressWarnings("ArrayRecordComponent")
public record IsotonicCalibration(double[] logOdds, double[] probabilities) implements Calibrator {

  /** The lowest probability a point holds, and one less the highest. */
  public static final double MIN_PROBABILITY = 0.001;

  /** Checks the points. */
  public IsotonicCalibration {
    if (logOdds.length < 2 || logOdds.length != probabilities.length) {
      throw new IllegalArgumentException("isotonic calibration needs two points or more");
    }
    for (int i = 1; i < logOdds.length; i++) {
      if (!(logOdds[i] > logOdds[i - 1]) || probabilities[i] < probabilities[i - 1]) {
        throw new IllegalArgumentException("isotonic points must increase, at point " + i);
      }
    }
  }

  /** Fits the step function to log-odds and their outcomes. */
  public static IsotonicCalibration fit(double[] logOdds, int[] labels) {
    Calibrator.requireFinite(logOdds);
    Integer[] order = IntStream.range(0, logOdds.length).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble(i -> logOdds[i]));
    List<Block> blocks = new ArrayList<>();
    for (int start = 0; start < order.length; ) {
      double x = logOdds[order[start]];
      Block block = new Block(x, x, 0, 0);
      int end = start;
      // Rows with the same log-odds form one block: the function cannot tell them apart.
      while (end < order.length && logOdds[order[end]] == x) {
        block.sum += labels[order[end]];
        block.weight++;
        end++;
      }
      blocks.add(block);
      // Pool while the previous block's mean is not below this one's.
      while (blocks.size() > 1
          && blocks.get(blocks.size() - 2).mean() >= blocks.get(blocks.size() - 1).mean()) {
        Block last = blocks.remove(blocks.size() - 1);
        Block previous = blocks.get(blocks.size() - 1);
        previous.sum += last.sum;
        previous.weight += last.weight;
        previous.high = last.high;
      }
      start = end;
    }
    List<double[]> points = new ArrayList<>();
    for (Block block : blocks) {
      // Never a certainty: no flight is surely on time or surely late (clipping keeps the order).
      double rate = Math.min(Math.max(block.mean(), MIN_PROBABILITY), 1 - MIN_PROBABILITY);
      points.add(new double[] {block.low, rate});
      if (block.high > block.low) {
        points.add(new double[] {block.high, rate});
      }
    }
    if (points.size() == 1) {
      double[] only = points.get(0);
      points = List.of(new double[] {only[0] - 1, only[1]}, new double[] {only[0] + 1, only[1]});
    }
    return new IsotonicCalibration(
        points.stream().mapToDouble(p -> p[0]).toArray(),
        points.stream().mapToDouble(p -> p[1]).toArray());
  }

  private static final class Block {
    final double low;
    double high;
    double sum;
    long weight;

    Block(double low, double high, double sum, long weight) {
      this.low = low;
      this.high = high;
      this.sum = sum;
      this.weight = weight;
    }

    double mean() {
      return sum / weight;
    }
  }

  @Override
  public String method() {
    return "isotonic";
  }

  /**
   * The same steps as the ONNX graph: clip to the points' range, take the segment whose upper point
   * is the first at or above the log-odds, interpolate along it.
   */
  @Override
  public double probability(double logOdds) {
    int last = this.logOdds.length - 1;
    double x = Math.min(Math.max(logOdds, this.logOdds[0]), this.logOdds[last]);
    int segment = 0;
    while (segment < last - 1 && this.logOdds[segment + 1] < x) {
      segment++;
    }
    double x0 = this.logOdds[segment];
    double x1 = this.logOdds[segment + 1];
    double y0 = probabilities[segment];
    double y1 = probabilities[segment + 1];
    return y0 + (y1 - y0) / (x1 - x0) * (x - x0);
  }

  @Override
  public Map<String, Object> parameters() {
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("log_odds", Arrays.stream(logOdds).boxed().toList());
    parameters.put("probabilities", Arrays.stream(probabilities).boxed().toList());
    return parameters;
  }
}
