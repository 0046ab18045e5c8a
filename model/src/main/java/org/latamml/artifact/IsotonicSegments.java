package org.latamml.artifact;

/**
 * Isotonic calibration's points as a graph holds them, in single precision: each segment's lower
 * point, slope and upper log-odds, and the range log-odds are clipped to. Made once for the ONNX
 * graph a trainer writes and for the same steps in Java ({@link LogOddsCalibration}), so that the
 * two cannot drift apart.
 */
// Arrays made once from the points and never changed.
@SuppressWarnings("ArrayRecordComponent")
public record IsotonicSegments(
    float min, float max, float[] lowX, float[] lowY, float[] slopes, float[] upperX) {

  /**
   * The segments between the points {@code (x[i], y[i])}, x increasing.
   *
   * @throws IllegalArgumentException when there are fewer than two points, or more of one kind
   */
  public static IsotonicSegments of(double[] x, double[] y) {
    if (x.length != y.length || x.length < 2) {
      throw new IllegalArgumentException(
          "isotonic calibration needs as many probabilities as log-odds, at least two");
    }
    int segments = x.length - 1;
    float[] lowX = new float[segments];
    float[] lowY = new float[segments];
    float[] slopes = new float[segments];
    float[] upperX = new float[segments];
    for (int i = 0; i < segments; i++) {
      lowX[i] = (float) x[i];
      lowY[i] = (float) y[i];
      slopes[i] = (float) ((y[i + 1] - y[i]) / (x[i + 1] - x[i]));
      upperX[i] = (float) x[i + 1];
    }
    return new IsotonicSegments((float) x[0], (float) x[segments], lowX, lowY, slopes, upperX);
  }

  /**
   * The graph's steps: clip, count the segments whose upper point is below, interpolate along the
   * segment found, each operation rounded to single precision.
   */
  public double probability(float logOdds) {
    float clipped = Math.min(Math.max(logOdds, min), max);
    int segment = 0;
    for (float upper : upperX) {
      if (upper < clipped) {
        segment++;
      }
    }
    return lowY[segment] + slopes[segment] * (clipped - lowX[segment]);
  }
}
