package org.latamml.prediction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.latamml.artifact.DelayModel;
import org.latamml.features.FeatureEncoder;
import org.latamml.features.FlightContext;
import org.latamml.features.FlightField;
import org.latamml.flight.Flight;
import org.latamml.registry.ModelRegistry;
import org.latamml.store.AirportBoard;

/**
 * Scores flights with the served model: encodes them with the model's own encoder (the same code as
 * training), taking other flights' context from the store's board only when the model uses it.
 */
@Singleton
public class Predictor {
  private final ModelRegistry registry;
  private final AirportBoard board;
  private final MeterRegistry metrics;
  private final ScoreCache cache;
  private final ConcurrentHashMap<String, Counters> byVersion = new ConcurrentHashMap<>();
  private volatile Counters counters;

  Predictor(ModelRegistry registry, AirportBoard board, ScoreCache cache, MeterRegistry metrics) {
    this.registry = registry;
    this.cache = cache;
    this.board = board;
    this.metrics = metrics;
  }

  /** The prediction for one flight. */
  public Prediction predict(Flight flight) {
    return predictWith(registry.served(), flight);
  }

  /** The model served now: a prediction it made for a stored flight holds while it serves. */
  public DelayModel servedModel() {
    return registry.served();
  }

  /** The prediction for one flight by {@code model}, one that {@link #servedModel} returned. */
  public Prediction predictWith(DelayModel model, Flight flight) {
    return predictAllWith(model, List.of(flight)).get(0);
  }

  /** The predictions for flights, in their order, in one call of the model. */
  public List<Prediction> predictAll(List<Flight> flights) {
    return predictAllWith(registry.served(), flights);
  }

  private List<Prediction> predictAllWith(DelayModel model, List<Flight> flights) {
    FeatureEncoder encoder = model.encoder();
    int width = encoder.width();
    float[] rows = new float[flights.size() * width];
    for (int i = 0; i < flights.size(); i++) {
      Flight flight = flights.get(i);
      encoder.encode(flight, contextOf(encoder, flight), rows, i * width);
    }
    double[] probabilities = cache.score(model, rows, flights.size());
    List<Prediction> predictions = new ArrayList<>(flights.size());
    int delayed = 0;
    for (double probability : probabilities) {
      Prediction prediction =
          new Prediction(probability, model.isDelayed(probability), model.version());
      delayed += prediction.delayed() ? 1 : 0;
      predictions.add(prediction);
    }
    count(model.version(), delayed, predictions.size());
    return predictions;
  }

  /** Counts a prediction by {@code model} answered again from one kept, as if made now. */
  public void countKept(DelayModel model, boolean delayed) {
    count(model.version(), delayed ? 1 : 0, 1);
  }

  private FlightContext contextOf(FeatureEncoder encoder, Flight flight) {
    return encoder.needsContext() ? board.contextOf(flight) : FlightContext.NONE;
  }

  private void count(String version, int delayed, int predictions) {
    Counters counters = countersOf(version);
    if (delayed > 0) {
      counters.delayed().add(delayed);
    }
    if (predictions > delayed) {
      counters.onTime().add(predictions - delayed);
    }
  }

  /**
   * A version's counters, found once per switch of the served version rather than per prediction.
   * They are adders behind function counters: a registry counter is a composite's, whose increments
   * contend across event loops (docs/PERFORMANCE.md).
   */
  private Counters countersOf(String version) {
    Counters current = counters;
    if (current == null || !current.version().equals(version)) {
      current = byVersion.computeIfAbsent(version, this::register);
      counters = current;
    }
    return current;
  }

  private Counters register(String version) {
    Counters registered = new Counters(version, new LongAdder(), new LongAdder());
    for (String label : new String[] {"1", "0"}) {
      FunctionCounter.builder(
              "latam_predictions",
              label.equals("1") ? registered.delayed() : registered.onTime(),
              LongAdder::doubleValue)
          .description("predictions made, by model version and class (1: delayed)")
          .tags("model_version", version, "class", label)
          .register(metrics);
    }
    return registered;
  }

  /** {@code latam_predictions_total} of one model version, by class. */
  private record Counters(String version, LongAdder delayed, LongAdder onTime) {}

  /**
   * Whether scoring never waits for the database: the model needs no context, or it is in memory.
   */
  public boolean isNonBlocking() {
    return !registry.served().encoder().needsContext() || board.isInMemory();
  }

  /** The flight fields the served model reads, for requests that must supply them. */
  public Set<FlightField> fieldsUsed() {
    return registry.served().encoder().sources();
  }
}
