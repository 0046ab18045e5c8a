package org.latamml.evaluation;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * What a model's charts are drawn from: its ROC and precision–recall curves, thinned to at most
 * {@value #MAX_POINTS} points each, and how its probabilities spread per class.
 *
 * @param roc false positive rate against true positive rate, from threshold 1 down to 0
 * @param precisionRecall recall against precision, from the highest threshold down
 * @param histogramEdges the {@code histogramEdges.size() - 1} equal-width probability bins' edges
 * @param onTimeCounts how many on-time rows (class 0) fell in each bin
 * @param delayedCounts how many delayed rows (class 1) fell in each bin
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Curves(
    List<CurvePoint> roc,
    List<CurvePoint> precisionRecall,
    List<Double> histogramEdges,
    List<Long> onTimeCounts,
    List<Long> delayedCounts) {

  /** Most points kept per curve: enough to draw it, small enough for a card. */
  public static final int MAX_POINTS = 200;

  /** Bins of the score histograms. */
  public static final int HISTOGRAM_BINS = 20;

  /** Copies the lists, so that the curves stay as they were made. */
  public Curves {
    roc = List.copyOf(roc);
    precisionRecall = List.copyOf(precisionRecall);
    histogramEdges = List.copyOf(histogramEdges);
    onTimeCounts = List.copyOf(onTimeCounts);
    delayedCounts = List.copyOf(delayedCounts);
  }
}
