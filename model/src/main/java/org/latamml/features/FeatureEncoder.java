package org.latamml.features;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.latamml.flight.Flight;

/**
 * Turns a flight into a model's input vector, as a model card's feature list says. Training and
 * serving both encode through this class, so a model always sees the encoding it was trained on.
 * Immutable and thread-safe.
 */
public final class FeatureEncoder {
  private final List<Feature> features;
  private final int width;
  // One entry per field read, so that a flight's field is read once, not once per one-hot input.
  private final Source[] reads;
  private final boolean needsContext;
  private final Set<FlightField> sources;

  /**
   * An encoder for these inputs, in this order.
   *
   * @throws IllegalArgumentException when a name repeats or a one-hot value of a numeric field is
   *     not a number
   */
  public FeatureEncoder(List<Feature> features) {
    if (features.isEmpty()) {
      throw new IllegalArgumentException("a model needs at least one feature");
    }
    this.features = List.copyOf(features);
    this.width = features.size();
    Set<String> names = new HashSet<>();
    Map<FlightField, Source.Builder> bySource = new LinkedHashMap<>();
    for (int i = 0; i < width; i++) {
      Feature feature = features.get(i);
      if (!names.add(feature.name())) {
        throw new IllegalArgumentException("feature '" + feature.name() + "' appears twice");
      }
      Source.Builder source =
          bySource.computeIfAbsent(feature.source(), field -> new Source.Builder(field));
      if (feature.equals() == null) {
        source.plain.add(i);
      } else if (feature.source().isNumeric()) {
        source.levels.put(i, level(feature));
      } else {
        source.categories.computeIfAbsent(feature.equals(), c -> new ArrayList<>()).add(i);
      }
    }
    reads = bySource.values().stream().map(Source.Builder::build).toArray(Source[]::new);
    needsContext = bySource.keySet().stream().anyMatch(FlightField::needsContext);
    Set<FlightField> used = EnumSet.noneOf(FlightField.class);
    used.addAll(bySource.keySet());
    this.sources = Collections.unmodifiableSet(used);
  }

  private static double level(Feature feature) {
    try {
      return Double.parseDouble(feature.equals());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "feature '"
              + feature.name()
              + "': "
              + feature.source().key()
              + " is numeric, so its one-hot value must be a number, got '"
              + feature.equals()
              + "'",
          e);
    }
  }

  /** The inputs, in the order of the vector. */
  public List<Feature> features() {
    return features;
  }

  /** The flight fields the inputs are made of: what a request must supply. */
  public Set<FlightField> sources() {
    return sources;
  }

  /**
   * The values of a text field that have one-hot inputs of their own: the ones the model knows.
   * Empty for a field the model does not read that way.
   */
  public Set<String> categoriesOf(FlightField field) {
    for (Source source : reads) {
      if (source.field == field) {
        return Collections.unmodifiableSet(source.byCategory.keySet());
      }
    }
    return Set.of();
  }

  /** The length of the vector. */
  public int width() {
    return width;
  }

  /** Whether any input depends on other flights, so that a {@link FlightContext} matters. */
  public boolean needsContext() {
    return needsContext;
  }

  /**
   * The vectors of flights, their context read from {@code board} (all its departures known): the
   * one feature path of training, evaluation and offline scoring, which the service follows with
   * the same encoder and board, as known at a time.
   */
  public float[][] encodeAll(java.util.List<Flight> flights, DepartureBoard board) {
    float[][] rows = new float[flights.size()][];
    for (int i = 0; i < rows.length; i++) {
      Flight flight = flights.get(i);
      rows[i] = encode(flight, needsContext ? board.contextOf(flight) : FlightContext.NONE);
    }
    return rows;
  }

  /** A new vector for the flight. */
  public float[] encode(Flight flight, FlightContext context) {
    float[] vector = new float[width];
    encode(flight, context, vector, 0);
    return vector;
  }

  /** Writes the flight's vector into {@code out} from {@code offset}, allocating nothing. */
  public void encode(Flight flight, FlightContext context, float[] out, int offset) {
    Arrays.fill(out, offset, offset + width, 0f);
    for (Source source : reads) {
      FlightField field = source.field;
      if (!field.isNumeric()) {
        int[] at = source.byCategory.get(field.category(flight));
        if (at != null) {
          for (int position : at) {
            out[offset + position] = 1f;
          }
        }
        continue;
      }
      double value = field.number(flight, context);
      for (int position : source.plain) {
        out[offset + position] = (float) value;
      }
      for (int k = 0; k < source.levels.length; k++) {
        if (value == source.levels[k]) {
          out[offset + source.levelAt[k]] = 1f;
        }
      }
    }
  }

  /**
   * Where one field's value goes: as itself ({@code plain}), as the one-hot input of the level it
   * equals, or as the one-hot inputs of its category.
   */
  private static final class Source {
    private final FlightField field;
    private final int[] plain;
    private final double[] levels;
    private final int[] levelAt;
    private final Map<String, int[]> byCategory;

    private Source(
        FlightField field,
        int[] plain,
        double[] levels,
        int[] levelAt,
        Map<String, int[]> byCategory) {
      this.field = field;
      this.plain = plain;
      this.levels = levels;
      this.levelAt = levelAt;
      this.byCategory = byCategory;
    }

    /** Gathers a field's inputs in the order of the features. */
    private static final class Builder {
      private final FlightField field;
      private final List<Integer> plain = new ArrayList<>();
      private final Map<Integer, Double> levels = new LinkedHashMap<>();
      private final Map<String, List<Integer>> categories = new HashMap<>();

      private Builder(FlightField field) {
        this.field = field;
      }

      private Source build() {
        Map<String, int[]> byCategory = new HashMap<>();
        categories.forEach((category, at) -> byCategory.put(category, ints(at)));
        return new Source(
            field,
            ints(plain),
            levels.values().stream().mapToDouble(Double::doubleValue).toArray(),
            ints(levels.keySet()),
            byCategory);
      }

      private static int[] ints(java.util.Collection<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).toArray();
      }
    }
  }
}
