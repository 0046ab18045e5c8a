package org.latamml.features;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.latamml.flight.Flight;

/**
 * Turns a flight into a model's input vector, as a model card's feature list says. Training and
 * serving both encode through this class, so a model always sees the encoding it was trained on.
 * Immutable and thread-safe.
 */
public final class FeatureEncoder {
  private final List<Feature> features;
  private final FlightField[] fields;
  private final boolean[] oneHot;
  private final String[] categories;
  private final double[] levels;
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
    int width = features.size();
    fields = new FlightField[width];
    oneHot = new boolean[width];
    categories = new String[width];
    levels = new double[width];
    Set<String> names = new HashSet<>();
    boolean context = false;
    for (int i = 0; i < width; i++) {
      Feature feature = features.get(i);
      if (!names.add(feature.name())) {
        throw new IllegalArgumentException("feature '" + feature.name() + "' appears twice");
      }
      fields[i] = feature.source();
      oneHot[i] = feature.equals() != null;
      context |= feature.source().needsContext();
      if (oneHot[i] && feature.source().isNumeric()) {
        levels[i] = level(feature);
      } else {
        categories[i] = feature.equals();
      }
    }
    needsContext = context;
    Set<FlightField> used = EnumSet.noneOf(FlightField.class);
    used.addAll(Arrays.asList(this.fields));
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

  /** The length of the vector. */
  public int width() {
    return fields.length;
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
    float[] vector = new float[fields.length];
    encode(flight, context, vector, 0);
    return vector;
  }

  /** Writes the flight's vector into {@code out} from {@code offset}, allocating nothing. */
  public void encode(Flight flight, FlightContext context, float[] out, int offset) {
    for (int i = 0; i < fields.length; i++) {
      FlightField field = fields[i];
      float value;
      if (!field.isNumeric()) {
        value = categories[i].equals(field.category(flight)) ? 1f : 0f;
      } else if (oneHot[i]) {
        value = field.number(flight, context) == levels[i] ? 1f : 0f;
      } else {
        value = (float) field.number(flight, context);
      }
      out[offset + i] = value;
    }
  }
}
