package org.latamml.training;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/** Assigns rows to the folds of a cross-validation: a seeded shuffle, dealt out in turn. */
final class CrossValidation {
  private CrossValidation() {}

  /** The rows a fold's model is fitted on and the rows it scores. */
  // Row positions, made once per fold and only read.
  @SuppressWarnings("ArrayRecordComponent")
  record Split(int[] fit, int[] held) {}

  /** Each row's fold, 0 to {@code folds - 1}; the same for the same size and seed. */
  static int[] folds(int size, int folds, long seed) {
    if (size < folds) {
      throw new IllegalArgumentException(
          "calibration needs at least " + folds + " training rows, got " + size);
    }
    List<Integer> order = new ArrayList<>(IntStream.range(0, size).boxed().toList());
    Collections.shuffle(order, new Random(seed));
    int[] fold = new int[size];
    for (int i = 0; i < size; i++) {
      fold[order.get(i)] = i % folds;
    }
    return fold;
  }

  /** Fold {@code k} held out, the others to fit on, each in row order. */
  static Split split(int[] fold, int k) {
    int[] held = IntStream.range(0, fold.length).filter(i -> fold[i] == k).toArray();
    int[] fit = IntStream.range(0, fold.length).filter(i -> fold[i] != k).toArray();
    return new Split(fit, held);
  }
}
