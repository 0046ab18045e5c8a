package org.latamml.explanation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.latamml.features.Feature;
import org.latamml.features.FlightField;

/**
 * A model's inputs as a user reads them: a numeric input on its own ({@code hour = 21}), the
 * one-hot inputs of one field together ({@code airline = Plus Ultra}), so that an explanation names
 * the flight's airline once, whatever the number of columns it is encoded in.
 */
final class InputGroups {
  private final List<Feature> features;
  // For each group, the columns it sums; a numeric input's group is its one column.
  private final int[][] columns;

  InputGroups(List<Feature> features) {
    this.features = List.copyOf(features);
    Map<Object, List<Integer>> groups = new LinkedHashMap<>();
    for (int j = 0; j < features.size(); j++) {
      Feature feature = features.get(j);
      Object key = feature.equals() == null ? (Object) j : feature.source();
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(j);
    }
    columns =
        groups.values().stream()
            .map(list -> list.stream().mapToInt(Integer::intValue).toArray())
            .toArray(int[][]::new);
  }

  int width() {
    return features.size();
  }

  /**
   * Each group's summed share, named by the row's value, largest effect first; groups whose share
   * is exactly zero are left out.
   */
  List<Contribution> contributions(float[] row, int offset, double[] perColumn) {
    List<Contribution> contributions = new ArrayList<>(columns.length);
    for (int[] group : columns) {
      double sum = 0;
      for (int j : group) {
        sum += perColumn[j];
      }
      if (sum != 0) {
        contributions.add(new Contribution(nameOf(group, row, offset), sum));
      }
    }
    contributions.sort(
        Comparator.comparingDouble((Contribution c) -> Math.abs(c.contribution())).reversed());
    return contributions;
  }

  /**
   * {@code airline = Plus Ultra} for one-hot inputs (the one that is set, or {@code other} when the
   * flight's value has no column of its own), {@code hour = 21} for a numeric one.
   */
  private String nameOf(int[] group, float[] row, int offset) {
    Feature first = features.get(group[0]);
    String field = fieldName(first.source());
    if (first.equals() == null) {
      float value = row[offset + group[0]];
      return field
          + " = "
          + (value == Math.rint(value)
              ? Long.toString((long) value)
              : String.format(Locale.ROOT, "%.3g", value));
    }
    for (int j : group) {
      if (row[offset + j] != 0) {
        return field + " = " + features.get(j).equals();
      }
    }
    return field + " = other";
  }

  private static String fieldName(FlightField field) {
    return field.key().replace('_', ' ');
  }
}
