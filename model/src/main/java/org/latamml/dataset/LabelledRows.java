package org.latamml.dataset;

import java.util.Arrays;
import java.util.Objects;

/**
 * Rows already encoded as model inputs, with their labels (1 = delayed).
 *
 * @param features one float vector per row, all of the same width
 * @param labels one label per row, each 0 or 1
 */
// Primitive arrays: a training set has millions of values, and nothing mutates them after reading.
@SuppressWarnings("ArrayRecordComponent")
public record LabelledRows(float[][] features, int[] labels) {

  /** Checks that rows and labels line up. */
  public LabelledRows {
    Objects.requireNonNull(features, "features");
    Objects.requireNonNull(labels, "labels");
    if (features.length != labels.length) {
      throw new IllegalArgumentException(
          features.length + " rows of features but " + labels.length + " labels");
    }
  }

  /** How many rows. */
  public int size() {
    return labels.length;
  }

  /** How many inputs each row has (0 when there are no rows). */
  public int width() {
    return features.length == 0 ? 0 : features[0].length;
  }

  /** How many rows have the label 1 (delayed). */
  public int positives() {
    return (int) Arrays.stream(labels).filter(label -> label == 1).count();
  }

  /** The rows at the given positions, in that order. */
  public LabelledRows select(int[] rows) {
    float[][] x = new float[rows.length][];
    int[] y = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      x[i] = features[rows[i]];
      y[i] = labels[rows[i]];
    }
    return new LabelledRows(x, y);
  }
}
