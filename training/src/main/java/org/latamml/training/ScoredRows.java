package org.latamml.training;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.latamml.evaluation.Slicer;

/**
 * A model's probabilities for labelled rows, with each row's airline and month, which reports slice
 * the results by, and whether the model was trained on it.
 *
 * @param labels each row's outcome, 1 = delayed
 * @param probabilities each row's probability of delay
 * @param airlines each row's airline, or {@code "(other)"} when the data names none (one-hot rows
 *     whose airline has no input of its own)
 * @param months each row's scheduled month, 1 to 12, or 0 when the data names none
 * @param seenInTraining whether each row is one the model was fitted on: the data is its training
 *     file and the card's rule picks the row
 */
// Parallel arrays of one evaluation, only read.
@SuppressWarnings("ArrayRecordComponent")
public record ScoredRows(
    int[] labels,
    double[] probabilities,
    List<String> airlines,
    int[] months,
    boolean[] seenInTraining) {

  /** A row's airline when the data names none of the model's. */
  public static final String OTHER = Slicer.OTHER;

  /** How many rows there are. */
  public int size() {
    return labels.length;
  }

  /** How many rows the model was trained on. */
  public int seenCount() {
    return (int) IntStream.range(0, size()).filter(i -> seenInTraining[i]).count();
  }

  /** The rows not marked in {@code leftOut}, in order. */
  public ScoredRows without(boolean[] leftOut) {
    int[] kept = IntStream.range(0, size()).filter(i -> !leftOut[i]).toArray();
    if (kept.length == size()) {
      return this;
    }
    List<String> keptAirlines = new ArrayList<>(kept.length);
    for (int i : kept) {
      keptAirlines.add(airlines.get(i));
    }
    return new ScoredRows(
        IntStream.of(kept).map(i -> labels[i]).toArray(),
        IntStream.of(kept).mapToDouble(i -> probabilities[i]).toArray(),
        keptAirlines,
        IntStream.of(kept).map(i -> months[i]).toArray(),
        new boolean[kept.length]);
  }
}
