package org.latamml.artifact;

import java.util.List;
import org.latamml.explanation.LinearTerms;

/**
 * A linear model's probabilities computed in Java from the weights of its card, the way its ONNX
 * graph computes them: {@code MatMul} of the row and the weights in single precision, each input
 * fused into the sum in the row's order (ONNX Runtime's kernel on a processor with FMA; a sum in
 * another order shows only where a calibration is steep, as 1.1.0's isotonic is, and the load's
 * {@link GraphParity} holds it to the graph within {@link Probe#TOLERANCE}), then {@code Add} of
 * the bias, then the graph's calibration ({@link LogOddsCalibration}). ONNX Runtime takes about 8
 * µs a call for what is a few dozen multiplications here (docs/PERFORMANCE.md, "Linear models in
 * Java").
 */
final class LinearScorer implements TermsScorer {
  /**
   * The most inputs scored here: past 256, ONNX Runtime's kernel sums the inputs in runs of 256 and
   * adds the runs' sums, another order than one sum.
   */
  static final int MAX_WIDTH = 256;

  // Values whose products with a weight round: sums of them show the order the graph adds in.
  private static final float[] EDGES = {0.1f, 0.3f, 2.5f, 7.7f, -13.3f, 1e-3f};

  private final float[] weights;
  private final float bias;
  private final LogOddsCalibration calibration;

  /**
   * The scorer of {@code terms} over rows of {@code width} inputs, ending in {@code calibration}.
   *
   * @throws IllegalArgumentException when the terms have another number of weights, or more than
   *     {@link #MAX_WIDTH}
   */
  LinearScorer(LinearTerms terms, int width, LogOddsCalibration calibration) {
    List<Double> given = terms.weights();
    if (given.size() != width) {
      throw new IllegalArgumentException(
          "the card has " + given.size() + " weights for rows of " + width + " inputs");
    }
    if (width > MAX_WIDTH) {
      throw new IllegalArgumentException(
          "rows of "
              + width
              + " inputs: ONNX Runtime sums more than "
              + MAX_WIDTH
              + " in runs, which this does not");
    }
    this.weights = new float[width];
    for (int i = 0; i < width; i++) {
      weights[i] = given.get(i).floatValue();
    }
    this.bias = (float) terms.bias();
    this.calibration = calibration;
  }

  @Override
  public int width() {
    return weights.length;
  }

  @Override
  public double[] probabilities(float[] flat, int count) {
    double[] probabilities = new double[count];
    for (int r = 0; r < count; r++) {
      probabilities[r] = calibration.probability(logOdds(flat, r * weights.length));
    }
    return probabilities;
  }

  /** The log-odds of the row at {@code offset}: the graph's {@code MatMul} then {@code Add}. */
  float logOdds(float[] flat, int offset) {
    float sum = 0f;
    for (int i = 0; i < weights.length; i++) {
      sum = Math.fma(flat[offset + i], weights[i], sum);
    }
    return sum + bias;
  }

  @Override
  public float[] edgesOf(int input) {
    return EDGES.clone();
  }

  @Override
  public boolean readsMissing() {
    return false;
  }

  @Override
  public String terms() {
    return "weights";
  }
}
