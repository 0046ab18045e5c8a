package org.latamml.evaluation;

import java.time.Month;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/** Splits scored rows into groups and measures the model on each: where is it weak? */
public final class Slicer {

  /** Groups smaller than this are left out: their figures would be noise. */
  public static final int MIN_ROWS = 100;

  /** A row's airline or month when the data names none of the model's. */
  public static final String OTHER = "(other)";

  private Slicer() {}

  /**
   * The results by airline and by month.
   *
   * @param labels each row's outcome, 1 = delayed
   * @param probabilities each row's probability of delay
   * @param airlines each row's airline, or {@value #OTHER}
   * @param months each row's scheduled month, 1 to 12, or 0 when the data names none
   */
  public static Slices of(
      int[] labels, double[] probabilities, List<String> airlines, int[] months, double threshold) {
    List<Slice> byAirline = slice(labels, probabilities, threshold, airlines::get);
    byAirline.sort(Comparator.comparingInt(Slice::rows).reversed());
    List<Slice> byMonth =
        slice(
            labels,
            probabilities,
            threshold,
            i ->
                months[i] == 0
                    ? OTHER
                    : String.format(
                        Locale.ROOT,
                        "%02d %s",
                        months[i],
                        Month.of(months[i]).getDisplayName(TextStyle.SHORT, Locale.ENGLISH)));
    return new Slices(byAirline, byMonth);
  }

  private static List<Slice> slice(
      int[] labels, double[] probabilities, double threshold, IntFunction<String> key) {
    Map<String, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < labels.length; i++) {
      groups.computeIfAbsent(key.apply(i), k -> new ArrayList<>()).add(i);
    }
    List<Slice> slices = new ArrayList<>();
    groups.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .filter(group -> group.getValue().size() >= MIN_ROWS)
        .forEach(group ->
            slices.add(
                measure(group.getKey(), group.getValue(), labels, probabilities, threshold)));
    return slices;
  }

  private static Slice measure(
      String name, List<Integer> rows, int[] allLabels, double[] all, double threshold) {
    int[] labels = rows.stream().mapToInt(i -> allLabels[i]).toArray();
    double[] probabilities = rows.stream().mapToDouble(i -> all[i]).toArray();
    Evaluation evaluation = Evaluator.evaluate(labels, probabilities, threshold);
    double mean = 0;
    for (double p : probabilities) {
      mean += p;
    }
    return new Slice(
        name,
        rows.size(),
        (double) evaluation.delayed().support() / rows.size(),
        mean / rows.size(),
        Double.isNaN(evaluation.rocAuc()) ? null : evaluation.rocAuc(),
        evaluation.brier(),
        evaluation.delayed().recall(),
        evaluation.delayed().precision());
  }
}
