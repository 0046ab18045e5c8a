package org.latamml.report;

import java.time.Month;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import org.latamml.evaluation.Evaluation;
import org.latamml.evaluation.Evaluator;
import org.latamml.training.ScoredRows;

/** Splits scored rows into groups and measures the model on each: where is it weak? */
public final class Slices {

  /** Groups smaller than this are left out: their figures would be noise. */
  public static final int MIN_ROWS = 100;

  private Slices() {}

  /** One slice per airline with at least {@value #MIN_ROWS} rows, largest first. */
  public static List<Slice> byAirline(ScoredRows scored, double threshold) {
    List<Slice> slices = slice(scored, threshold, i -> scored.airlines().get(i));
    slices.sort(Comparator.comparingInt(Slice::rows).reversed());
    return slices;
  }

  /** One slice per month with at least {@value #MIN_ROWS} rows, in calendar order. */
  public static List<Slice> byMonth(ScoredRows scored, double threshold) {
    return slice(
        scored,
        threshold,
        i ->
            scored.months()[i] == 0
                ? ScoredRows.OTHER
                : String.format(
                    Locale.ROOT,
                    "%02d %s",
                    scored.months()[i],
                    Month.of(scored.months()[i]).getDisplayName(TextStyle.SHORT, Locale.ENGLISH)));
  }

  private static List<Slice> slice(ScoredRows scored, double threshold, IntFunction<String> key) {
    Map<String, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < scored.labels().length; i++) {
      groups.computeIfAbsent(key.apply(i), k -> new ArrayList<>()).add(i);
    }
    List<Slice> slices = new ArrayList<>();
    groups.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .filter(group -> group.getValue().size() >= MIN_ROWS)
        .forEach(group -> slices.add(measure(group.getKey(), group.getValue(), scored, threshold)));
    return slices;
  }

  private static Slice measure(
      String name, List<Integer> rows, ScoredRows scored, double threshold) {
    int[] labels = rows.stream().mapToInt(i -> scored.labels()[i]).toArray();
    double[] probabilities = rows.stream().mapToDouble(i -> scored.probabilities()[i]).toArray();
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
        evaluation.rocAuc(),
        evaluation.brier(),
        evaluation.delayed().recall(),
        evaluation.delayed().precision());
  }
}
