package org.latamml.drift;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.latamml.features.DepartureBoard;
import org.latamml.features.Feature;
import org.latamml.features.FeatureEncoder;
import org.latamml.features.FlightContext;
import org.latamml.features.FlightField;
import org.latamml.flight.Flight;

/** Measures a model's {@link InputProfile} on the data it learns from. */
public final class InputProfiler {
  /** Bins of a number: its deciles, fewer where values repeat. */
  static final int BINS = 10;

  /** A one-hot row with none of a field's columns set: a category the model has no column for. */
  public static final String OTHER = "(other)";

  /** Counted values, the most counted first, then by name. */
  static final Comparator<Map.Entry<String, Long>> MOST_FIRST =
      Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
          .thenComparing(Map.Entry.comparingByKey());

  private InputProfiler() {}

  /**
   * The profile of the fields {@code encoder}'s inputs are made of, over the training flights
   * (their context from {@code board}, as training encodes them), and of {@code scores}, the
   * model's probabilities of the held-out flights.
   */
  public static InputProfile ofFlights(
      FeatureEncoder encoder, List<Flight> flights, DepartureBoard board, double[] scores) {
    List<InputBins> inputs = new ArrayList<>();
    List<FlightField> fields = fieldsOf(encoder.features());
    FlightContext[] contexts = new FlightContext[flights.size()];
    for (int i = 0; i < contexts.length; i++) {
      contexts[i] = encoder.needsContext() ? board.contextOf(flights.get(i)) : FlightContext.NONE;
    }
    for (FlightField field : fields) {
      if (field.isNumeric()) {
        double[] values = new double[flights.size()];
        for (int i = 0; i < values.length; i++) {
          values[i] = asInput(field.number(flights.get(i), contexts[i]));
        }
        inputs.add(numberBins(field.key(), values));
      } else {
        Map<String, Long> counts = new TreeMap<>();
        flights.forEach(flight -> counts.merge(field.category(flight), 1L, Long::sum));
        inputs.add(categoryShares(field.key(), counts));
      }
    }
    return new InputProfile(flights.size(), inputs, scoreBins(scores));
  }

  /**
   * The profile read back from encoded rows, for data that comes one-hot encoded (the prototype's
   * split): a field's category is the value of its column that is set ({@value #OTHER} if none), a
   * one-hot number's value the level of that column.
   */
  public static InputProfile ofRows(List<Feature> features, float[][] rows, double[] scores) {
    List<InputBins> inputs = new ArrayList<>();
    for (FlightField field : fieldsOf(features)) {
      List<Integer> columns = new ArrayList<>();
      for (int c = 0; c < features.size(); c++) {
        if (features.get(c).source() == field) {
          columns.add(c);
        }
      }
      Integer plain =
          columns.stream().filter(c -> features.get(c).equals() == null).findFirst().orElse(null);
      if (plain != null) {
        double[] values = new double[rows.length];
        for (int r = 0; r < rows.length; r++) {
          values[r] = rows[r][plain];
        }
        inputs.add(numberBins(field.key(), values));
        continue;
      }
      Map<String, Long> counts = new TreeMap<>();
      List<Double> levels = new ArrayList<>();
      for (float[] row : rows) {
        String value = OTHER;
        for (int c : columns) {
          if (row[c] == 1f) {
            value = features.get(c).equals();
            break;
          }
        }
        if (field.isNumeric()) {
          if (!value.equals(OTHER)) {
            levels.add(asInput(Double.parseDouble(value)));
          }
        } else {
          counts.merge(value, 1L, Long::sum);
        }
      }
      inputs.add(
          field.isNumeric()
              ? numberBins(field.key(), levels.stream().mapToDouble(Double::doubleValue).toArray())
              : categoryShares(field.key(), counts));
    }
    return new InputProfile(rows.length, inputs, scoreBins(scores));
  }

  /** The probabilities' bins, of the floats the served graph gives. */
  private static InputBins scoreBins(double[] scores) {
    double[] served = new double[scores.length];
    for (int i = 0; i < served.length; i++) {
      served[i] = asInput(scores[i]);
    }
    return numberBins("score", served);
  }

  /** The fields the inputs are made of, in the order they first appear. */
  public static List<FlightField> fieldsOf(List<Feature> features) {
    Set<FlightField> fields = new LinkedHashSet<>();
    features.forEach(feature -> fields.add(feature.source()));
    return List.copyOf(fields);
  }

  /** A number as the model reads it: a float, so that a value on an edge stays on it live. */
  public static double asInput(double value) {
    return (float) value;
  }

  /**
   * A number's bins: cut at its deciles, each edge halfway between the decile's value and the next
   * larger value seen (so that no bin is empty, and a value met again live, such as a count or a
   * calibrated plateau, never sits on an edge), and the share of values in each.
   *
   * @throws IllegalArgumentException when there are no values
   */
  public static InputBins numberBins(String input, double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("input '" + input + "': no values to profile");
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double largest = sorted[sorted.length - 1];
    List<Double> edges = new ArrayList<>();
    double previous = Double.NEGATIVE_INFINITY;
    for (int q = 1; q < BINS; q++) {
      int at = (int) Math.ceil((double) q * sorted.length / BINS) - 1;
      double decile = sorted[at];
      if (decile < largest && decile > previous) {
        int next = at + 1;
        while (sorted[next] == decile) {
          next++;
        }
        edges.add(decile + (sorted[next] - decile) / 2);
        previous = decile;
      }
    }
    long[] counts = new long[edges.size() + 1];
    InputBins probe = new InputBins(input, edges, evenShares(counts.length), null);
    for (double value : sorted) {
      counts[probe.binOf(value)]++;
    }
    List<Double> shares = new ArrayList<>();
    for (long count : counts) {
      shares.add(round((double) count / sorted.length));
    }
    return new InputBins(input, edges, shares, null);
  }

  /** A category's shares by value, largest first. */
  public static InputBins categoryShares(String input, Map<String, Long> counts) {
    long total = counts.values().stream().mapToLong(Long::longValue).sum();
    if (total == 0) {
      throw new IllegalArgumentException("input '" + input + "': no values to profile");
    }
    Map<String, Double> shares = new LinkedHashMap<>();
    counts.entrySet().stream()
        .sorted(MOST_FIRST)
        .forEach(entry -> shares.put(entry.getKey(), round((double) entry.getValue() / total)));
    return new InputBins(input, null, null, shares);
  }

  private static List<Double> evenShares(int bins) {
    List<Double> shares = new ArrayList<>();
    for (int i = 0; i < bins; i++) {
      shares.add(1.0 / bins);
    }
    return shares;
  }

  // Six decimals: a card stays readable, and the shares still add up to 1 within 1e-4.
  private static double round(double share) {
    return BigDecimal.valueOf(share).setScale(6, RoundingMode.HALF_EVEN).doubleValue();
  }
}
