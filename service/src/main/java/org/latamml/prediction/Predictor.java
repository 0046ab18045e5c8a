package org.latamml.prediction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.latamml.artifact.DelayModel;
import org.latamml.board.LiveBoard;
import org.latamml.explanation.LinearExplainer;
import org.latamml.features.FeatureEncoder;
import org.latamml.features.FlightContext;
import org.latamml.features.FlightField;
import org.latamml.flight.Flight;
import org.latamml.problem.InvalidInputProblem;
import org.latamml.problem.UnprocessableProblem;
import org.latamml.registry.ModelRegistry;

/**
 * Scores flights with the served model: encodes them with the model's own encoder (the same code as
 * training), taking other flights' context from the store's board only when the model uses it.
 */
@Singleton
public class Predictor {
  private final ModelRegistry registry;
  private final LiveBoard board;
  private final MeterRegistry metrics;
  private final ScoreCache cache;
  private final ConcurrentHashMap<String, Counters> byVersion = new ConcurrentHashMap<>();
  private volatile Counters counters;

  Predictor(ModelRegistry registry, LiveBoard board, ScoreCache cache, MeterRegistry metrics) {
    this.registry = registry;
    this.cache = cache;
    this.board = board;
    this.metrics = metrics;
  }

  /** The prediction for one flight. */
  public Prediction predict(Flight flight) {
    return predictWith(registry.served(), flight);
  }

  /** The prediction for one flight, explained when {@code explain}. */
  public Prediction predict(Flight flight, boolean explain) {
    return predictAllWith(registry.served(), List.of(flight), explain, null).get(0);
  }

  /** The model served now: a prediction it made for a stored flight holds while it serves. */
  public DelayModel servedModel() {
    return registry.served();
  }

  /** The prediction for one flight by {@code model}, one that {@link #servedModel} returned. */
  public Prediction predictWith(DelayModel model, Flight flight) {
    return predictAllWith(model, List.of(flight), false, null).get(0);
  }

  /** The predictions for flights, in their order, in one call of the model. */
  public List<Prediction> predictAll(List<Flight> flights) {
    return predictAllWith(registry.served(), flights, false, null);
  }

  /**
   * The predictions for flights as they would have been made at {@code asOf}: the airport's
   * departures after it are not known.
   */
  public List<Prediction> predictAllAt(List<Flight> flights, LocalDateTime asOf) {
    return predictAllWith(registry.served(), flights, false, asOf);
  }

  /** The predictions for flights, in their order, each explained when {@code explain}. */
  public List<Prediction> predictAll(List<Flight> flights, boolean explain) {
    return predictAllWith(registry.served(), flights, explain, null);
  }

  /**
   * The predictions of {@code model}, except for flights it cannot honestly score (a field it needs
   * is missing, or the store holds no departures for the hours before the flight), which the
   * fallback model answers, saying why.
   *
   * @throws InvalidInputProblem when such a flight has no fallback model to answer it
   */
  private List<Prediction> predictAllWith(
      DelayModel model, List<Flight> flights, boolean explain, LocalDateTime asOf) {
    String[] reasons = new String[flights.size()];
    int unanswerable = 0;
    for (int i = 0; i < reasons.length; i++) {
      reasons[i] = whyNot(model, flights.get(i), asOf);
      unanswerable += reasons[i] == null ? 0 : 1;
    }
    if (unanswerable == 0) {
      return score(model, flights, null, explain, asOf);
    }
    DelayModel fallback = registry.fallback().orElse(null);
    if (fallback == null) {
      int first = 0;
      while (reasons[first] == null) {
        first++;
      }
      throw InvalidInputProblem.ofBody(
          reasons[first]
              + (flights.size() > 1
                  ? " (flight " + (first + 1) + " of " + flights.size() + ")"
                  : "")
              + ", and no fallback model is served (latam.fallback-version)");
    }
    List<Flight> mine = new ArrayList<>();
    List<Flight> others = new ArrayList<>();
    List<String> why = new ArrayList<>();
    for (int i = 0; i < reasons.length; i++) {
      if (reasons[i] == null) {
        mine.add(flights.get(i));
      } else {
        others.add(flights.get(i));
        why.add(reasons[i]);
      }
    }
    Iterator<Prediction> served = score(model, mine, null, explain, asOf).iterator();
    Iterator<Prediction> fallen = score(fallback, others, why, explain, asOf).iterator();
    List<Prediction> predictions = new ArrayList<>(flights.size());
    for (String reason : reasons) {
      predictions.add(reason == null ? served.next() : fallen.next());
    }
    return predictions;
  }

  private static LinearExplainer explainerOf(DelayModel model) {
    return model
        .explainer()
        .orElseThrow(() ->
            new UnprocessableProblem(
                "not-explainable",
                "model "
                    + model.version()
                    + " ("
                    + model.card().algorithm()
                    + ") has no explanation: only linear models trained by this project's"
                    + " trainer are explained"));
  }

  /** Why {@code model} cannot honestly score the flight, or null when it can. */
  private String whyNot(DelayModel model, Flight flight, LocalDateTime asOf) {
    FeatureEncoder encoder = model.encoder();
    if (encoder.sources().contains(FlightField.DESTINATION) && flight.destination().isEmpty()) {
      return "model " + model.version() + " needs the flight's destination";
    }
    if (encoder.needsContext() && !board.covers(flight, asOf)) {
      return "model "
          + model.version()
          + " needs the airport's departures of the three hours before "
          + flight.scheduledDeparture()
          + (asOf == null
              ? ", and the store holds none for them"
              : " as known at " + asOf + ", and the store held none for them then");
    }
    return null;
  }

  /**
   * One call of {@code model} for the flights; {@code fallback} holds why it answers each.
   *
   * @throws UnprocessableProblem when explanations are asked of a model that has none
   */
  private List<Prediction> score(
      DelayModel model,
      List<Flight> flights,
      List<String> fallback,
      boolean explain,
      LocalDateTime asOf) {
    if (flights.isEmpty()) {
      return List.of();
    }
    LinearExplainer explainer = explain ? explainerOf(model) : null;
    FeatureEncoder encoder = model.encoder();
    int width = encoder.width();
    float[] rows = new float[flights.size() * width];
    for (int i = 0; i < flights.size(); i++) {
      Flight flight = flights.get(i);
      encoder.encode(flight, contextOf(encoder, flight, asOf), rows, i * width);
    }
    double[] probabilities = cache.score(model, rows, flights.size());
    List<Prediction> predictions = new ArrayList<>(flights.size());
    int delayed = 0;
    for (int i = 0; i < probabilities.length; i++) {
      Prediction prediction =
          new Prediction(
              probabilities[i],
              model.isDelayed(probabilities[i]),
              model.version(),
              fallback == null ? null : fallback.get(i),
              explainer == null ? null : explainer.explain(rows, i * width));
      delayed += prediction.delayed() ? 1 : 0;
      predictions.add(prediction);
    }
    count(model.version(), delayed, predictions.size());
    return predictions;
  }

  /** Counts a prediction by model {@code version} answered again from one kept, as if made now. */
  public void countKept(String version, boolean delayed) {
    count(version, delayed ? 1 : 0, 1);
  }

  private FlightContext contextOf(FeatureEncoder encoder, Flight flight, LocalDateTime asOf) {
    return encoder.needsContext() ? board.contextOf(flight, asOf) : FlightContext.NONE;
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
   * Whether scoring never waits for the database: the model needs no context (a context may read a
   * day of flights from the store).
   */
  public boolean isNonBlocking() {
    return !registry.served().encoder().needsContext();
  }

  /** The flight fields the served model reads, for requests that must supply them. */
  public Set<FlightField> fieldsUsed() {
    return registry.served().encoder().sources();
  }

  /**
   * The model that answers a request giving only {@code given}: {@code served} (one {@link
   * #servedModel} returned) when that is enough for it, else the fallback model when it is enough
   * for that one; empty when neither can.
   */
  public Optional<DelayModel> modelFor(DelayModel served, Set<FlightField> given) {
    if (given.containsAll(served.encoder().sources())) {
      return Optional.of(served);
    }
    return registry.fallback().filter(f -> given.containsAll(f.encoder().sources()));
  }

  /** Whether a fallback model is loaded. */
  public boolean hasFallback() {
    return registry.fallback().isPresent();
  }

  /** The predictions of one model, {@link #modelFor} chose, for flights in their order. */
  public List<Prediction> predictAllBy(DelayModel model, List<Flight> flights, String why) {
    List<String> reasons = why == null ? null : Collections.nCopies(flights.size(), why);
    return score(model, flights, reasons, false, null);
  }
}
