package org.latamml.prediction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.lang.ref.WeakReference;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.latamml.artifact.DelayModel;
import org.latamml.board.LiveBoard;
import org.latamml.explanation.Explainer;
import org.latamml.features.FeatureEncoder;
import org.latamml.features.FlightContext;
import org.latamml.features.FlightField;
import org.latamml.features.Spellings;
import org.latamml.flight.Flight;
import org.latamml.predictionlog.LoggedPrediction;
import org.latamml.predictionlog.PredictionLog;
import org.latamml.problem.InvalidInputProblem;
import org.latamml.problem.NotFoundProblem;
import org.latamml.problem.UnprocessableProblem;
import org.latamml.registry.ModelRegistry;
import org.latamml.rollout.ServedRollout;
import org.latamml.rollout.Serving;

/**
 * Scores flights as the rollout says: each flight by the version it falls to (the champion, or the
 * challenger for a canary's share), encoded by that model's own encoder (the same code as
 * training), with other flights' context from the store's board only when the model uses it. Every
 * prediction goes to the prediction log; a shadow challenger scores the same flights afterwards,
 * off the request path.
 */
@Singleton
public class Predictor {
  private final ServedRollout rollout;
  private final ModelRegistry registry;
  private final LiveBoard board;
  private final MeterRegistry metrics;
  private final ScoreCache cache;
  private final PredictionLog log;
  private final ShadowScoring shadow;
  private final ConcurrentHashMap<String, Counters> byVersion = new ConcurrentHashMap<>();
  // Every batch request asks which fields the serving models read: made once per rollout served.
  private volatile FieldsRead fieldsRead;

  /** The fields a serving's models read; the serving weakly, so as not to keep retired models. */
  private record FieldsRead(WeakReference<Serving> serving, Set<FlightField> fields) {}

  private volatile Refusals refusals;

  // The spellings of the models a serving answers with: made once per rollout served.
  private volatile SpellingsOf spellings;

  /** A serving's spellings; the serving weakly, as in {@link FieldsRead}. */
  private record SpellingsOf(WeakReference<Serving> serving, Spellings spellings) {}

  Predictor(
      ServedRollout rollout,
      ModelRegistry registry,
      LiveBoard board,
      ScoreCache cache,
      PredictionLog log,
      ShadowScoring shadow,
      MeterRegistry metrics) {
    this.rollout = rollout;
    this.registry = registry;
    this.cache = cache;
    this.board = board;
    this.log = log;
    this.shadow = shadow;
    this.metrics = metrics;
    shadow.use(this);
  }

  /** The rollout served now, not taken: what a prediction kept from it is valid under. */
  public Serving serving() {
    return rollout.serving();
  }

  /** The rollout served now, taken for one request: {@link Serving#release} when done. */
  public Serving acquireServing() {
    return rollout.acquire();
  }

  /**
   * The predictions for flights, in their order, as the rollout served now answers them.
   *
   * @param ids the stored flights' ids, for the log; null when the flights are not stored
   */
  public List<Prediction> predict(List<Flight> flights, long[] ids, Ask ask) {
    Serving serving = rollout.acquire();
    try {
      return predict(serving, flights, ids, ask);
    } finally {
      serving.release();
    }
  }

  /** The predictions of {@code serving}, which the caller took ({@link ServedRollout#acquire}). */
  public List<Prediction> predict(Serving serving, List<Flight> flights, long[] ids, Ask ask) {
    if (ids == null) {
      // A caller's flights; a stored flight keeps the spelling it was stored with, which its
      // outcome, its kept answers and the board's keys all use.
      flights = spellingsOf(serving).canonical(flights);
    }
    List<Prediction> predictions;
    if (!serving.isCanary()) {
      predictions = predictAllWith(serving.champion(), flights, ask);
    } else {
      predictions = predictSplit(serving, flights, ask);
    }
    record(predictions, flights, ids, ask, false);
    nameVersions(ask, predictions);
    shadow.submit(serving, flights, ids, ask);
    return predictions;
  }

  /**
   * The predictions of one version the rollout serves now (its champion or challenger), whatever
   * share the rollout gives it; the fallback model still answers flights it cannot honestly score.
   *
   * @throws NotFoundProblem when the rollout serves no such version
   */
  public List<Prediction> predictByVersion(String version, List<Flight> flights, Ask ask) {
    Serving serving = rollout.acquire();
    try {
      DelayModel model = serving.answeringVersion(version);
      if (model == null) {
        throw new NotFoundProblem(
            "model-not-served",
            "that version does not answer now; the rollout answers with "
                + serving.champion().version()
                + (serving.isCanary() ? " and " + serving.challenger().version() : "")
                + (serving.shadow() != null
                    ? " (" + serving.shadow().version() + " only in the shadow)"
                    : ""));
      }
      List<Flight> spelled = spellingsOf(serving).canonical(flights);
      List<Prediction> predictions = predictAllWith(model, spelled, ask);
      record(predictions, spelled, null, ask, false);
      nameVersions(ask, predictions);
      return predictions;
    } finally {
      serving.release();
    }
  }

  /**
   * The airline names and destination codes the models served now know: what a schedule fed in is
   * stored with, whatever its case, as a caller's flights are scored.
   */
  public Spellings spellings() {
    Serving serving = rollout.serving();
    return serving == null ? Spellings.NONE : spellingsOf(serving);
  }

  /**
   * The airline names and destination codes the serving's models and the fallback know, so that a
   * caller's are read, logged and looked up on the board without regard to case.
   */
  private Spellings spellingsOf(Serving serving) {
    SpellingsOf known = spellings;
    if (known != null && isSame(known.serving().get(), serving)) {
      return known.spellings();
    }
    List<FeatureEncoder> encoders = new ArrayList<>();
    encoders.add(serving.champion().encoder());
    if (serving.challenger() != null) {
      encoders.add(serving.challenger().encoder());
    }
    registry.fallback().ifPresent(fallback -> encoders.add(fallback.encoder()));
    Spellings made = Spellings.of(encoders);
    spellings = new SpellingsOf(new WeakReference<>(serving), made);
    return made;
  }

  /** Canary: each flight by the version it falls to, each version's flights in one call. */
  private List<Prediction> predictSplit(Serving serving, List<Flight> flights, Ask ask) {
    List<Flight> champions = new ArrayList<>();
    List<Flight> challengers = new ArrayList<>();
    boolean[] toChallenger = new boolean[flights.size()];
    for (int i = 0; i < flights.size(); i++) {
      toChallenger[i] = serving.answering(flights.get(i)) == serving.challenger();
      (toChallenger[i] ? challengers : champions).add(flights.get(i));
    }
    Iterator<Prediction> byChampion = predictAllWith(serving.champion(), champions, ask).iterator();
    Iterator<Prediction> byChallenger =
        predictAllWith(serving.challenger(), challengers, ask).iterator();
    List<Prediction> predictions = new ArrayList<>(flights.size());
    for (boolean challenger : toChallenger) {
      predictions.add(challenger ? byChallenger.next() : byChampion.next());
    }
    return predictions;
  }

  /**
   * A prediction kept from an earlier request of {@code serving} answered again: counted, logged,
   * its version named, and shadowed, as if made now.
   */
  public void answeredAgain(
      Serving serving, Prediction prediction, Flight flight, long id, Ask ask) {
    record(List.of(prediction), List.of(flight), new long[] {id}, ask, false);
    if (ask.response() != null) {
      ask.response().putHeader(Ask.MODEL_VERSION_HEADER, prediction.modelVersion());
    }
    shadow.submit(serving, List.of(flight), new long[] {id}, ask);
  }

  /** Shadow predictions: {@link ShadowScoring} logs them, never answers them. */
  void recordShadow(List<Prediction> predictions, List<Flight> flights, long[] ids, Ask ask) {
    record(predictions, flights, ids, ask, true);
  }

  private void record(
      List<Prediction> predictions, List<Flight> flights, long[] ids, Ask ask, boolean isShadow) {
    if (!isShadow) {
      count(predictions);
    }
    if (!log.isEnabled()) {
      return;
    }
    long now = System.currentTimeMillis();
    List<LoggedPrediction> entries = new ArrayList<>(predictions.size());
    for (int i = 0; i < predictions.size(); i++) {
      Prediction prediction = predictions.get(i);
      Flight flight = flights.get(i);
      entries.add(
          new LoggedPrediction(
              now,
              ask.requestId(),
              ask.route(),
              ids == null ? 0 : ids[i],
              flight.airlineCode().isEmpty() ? null : flight.airlineCode(),
              flight.airline(),
              flight.flightNumber().isEmpty() ? null : flight.flightNumber(),
              flight.scheduledDeparture(),
              prediction.modelVersion(),
              prediction.probability(),
              prediction.delayed(),
              isShadow,
              prediction.fallback() != null,
              prediction.inputDigest(),
              flight.destination().isEmpty() ? null : flight.destination(),
              flight.type().code(),
              prediction.context()));
    }
    log.recordAll(entries);
  }

  /** {@code X-Model-Version}: the versions that answered, in their first flight's order. */
  private static void nameVersions(Ask ask, List<Prediction> predictions) {
    if (ask.response() == null || predictions.isEmpty()) {
      return;
    }
    String first = predictions.get(0).modelVersion();
    String all = first;
    for (Prediction prediction : predictions) {
      String version = prediction.modelVersion();
      if (!version.equals(first) && !(", " + all + ",").contains(", " + version + ",")) {
        all = all + ", " + version;
      }
    }
    ask.response().putHeader(Ask.MODEL_VERSION_HEADER, all);
  }

  /**
   * The predictions of {@code model}, except for flights it cannot honestly score (a field it needs
   * is missing or not given, or the store holds no departures for the hours before the flight),
   * which the fallback model answers, saying why.
   *
   * @throws InvalidInputProblem when such a flight has no fallback model to answer it
   */
  List<Prediction> predictAllWith(DelayModel model, List<Flight> flights, Ask ask) {
    if (flights.isEmpty()) {
      return List.of();
    }
    String[] reasons = new String[flights.size()];
    int unanswerable = 0;
    for (int i = 0; i < reasons.length; i++) {
      reasons[i] = whyNot(model, flights.get(i), ask);
      unanswerable += reasons[i] == null ? 0 : 1;
    }
    if (unanswerable == 0) {
      return score(model, flights, null, ask);
    }
    DelayModel fallback = registry.fallback().orElse(null);
    if (fallback == null || whyNot(fallback, flights.get(firstOf(reasons)), ask) != null) {
      int first = firstOf(reasons);
      throw InvalidInputProblem.ofBody(
          reasons[first]
              + (flights.size() > 1
                  ? " (flight " + (first + 1) + " of " + flights.size() + ")"
                  : "")
              + ", and no fallback model is served that can (latam.fallback-version)");
    }
    List<Flight> mine = new ArrayList<>(flights.size() - unanswerable);
    List<Flight> others = new ArrayList<>(unanswerable);
    List<String> why = new ArrayList<>(unanswerable);
    for (int i = 0; i < reasons.length; i++) {
      if (reasons[i] == null) {
        mine.add(flights.get(i));
      } else {
        others.add(flights.get(i));
        why.add(reasons[i]);
      }
    }
    Iterator<Prediction> served = score(model, mine, null, ask).iterator();
    Iterator<Prediction> fallen = score(fallback, others, why, ask).iterator();
    List<Prediction> predictions = new ArrayList<>(flights.size());
    for (String reason : reasons) {
      predictions.add(reason == null ? served.next() : fallen.next());
    }
    return predictions;
  }

  private static int firstOf(String[] reasons) {
    int first = 0;
    while (reasons[first] == null) {
      first++;
    }
    return first;
  }

  private static Explainer explainerOf(DelayModel model) {
    return model
        .explainer()
        .orElseThrow(() ->
            new UnprocessableProblem(
                "not-explainable",
                "model "
                    + model.version()
                    + " ("
                    + model.card().algorithm()
                    + ") has no explanation: its card carries neither linear_terms nor"
                    + " tree_terms (README.md, \"Explanations\")"));
  }

  /** Why {@code model} cannot honestly score the flight, or null when it can. */
  String whyNot(DelayModel model, Flight flight, Ask ask) {
    FeatureEncoder encoder = model.encoder();
    if (ask.given() != null && !ask.given().containsAll(encoder.sources())) {
      return "model " + model.version() + " needs more than " + describe(ask.given());
    }
    if (encoder.sources().contains(FlightField.DESTINATION) && flight.destination().isEmpty()) {
      return refusalsOf(model).noDestination();
    }
    // Without its number, a flight's own record would read as a flight never late.
    if (encoder.sources().contains(FlightField.FLIGHT_DELAY_RATE_28D_BEFORE)
        && flight.flightNumber().isEmpty()) {
      return refusalsOf(model).noNumber();
    }
    LocalDateTime asOf = ask.asOf();
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

  private Refusals refusalsOf(DelayModel model) {
    Refusals known = refusals;
    if (known == null || !known.version().equals(model.version())) {
      known =
          new Refusals(
              model.version(),
              "model " + model.version() + " needs the flight's destination",
              "model " + model.version() + " needs the flight's number");
      refusals = known;
    }
    return known;
  }

  /**
   * A model's reasons for not scoring a flight, worded once: a batch's flights share them. Kept by
   * version, not model, so that a retired model is not held on to.
   */
  private record Refusals(String version, String noDestination, String noNumber) {}

  private static String describe(Set<FlightField> given) {
    return String.join(
        ", ", given.stream().map(f -> f.name().toLowerCase(java.util.Locale.ROOT)).toList());
  }

  /**
   * One call of {@code model} for the flights; {@code fallback} holds why it answers each.
   *
   * @throws UnprocessableProblem when explanations are asked of a model that has none
   */
  private List<Prediction> score(
      DelayModel model, List<Flight> flights, List<String> fallback, Ask ask) {
    if (flights.isEmpty()) {
      return List.of();
    }
    Explainer explainer = ask.explain() ? explainerOf(model) : null;
    FeatureEncoder encoder = model.encoder();
    int width = encoder.width();
    float[] rows = new float[flights.size() * width];
    FlightContext[] contexts = encoder.needsContext() ? new FlightContext[flights.size()] : null;
    for (int i = 0; i < flights.size(); i++) {
      Flight flight = flights.get(i);
      FlightContext context = contextOf(encoder, flight, ask.asOf());
      encoder.encode(flight, context, rows, i * width);
      if (contexts != null) {
        contexts[i] = context;
      }
    }
    long[] digests = new long[flights.size()];
    double[] probabilities = cache.score(model, rows, flights.size(), digests);
    List<Prediction> predictions = new ArrayList<>(flights.size());
    for (int i = 0; i < probabilities.length; i++) {
      predictions.add(
          new Prediction(
              probabilities[i],
              model.isDelayed(probabilities[i]),
              model.version(),
              fallback == null ? null : fallback.get(i),
              explainer == null ? null : explainer.explain(rows, i * width),
              digests[i],
              contexts == null ? null : contexts[i]));
    }
    return predictions;
  }

  private FlightContext contextOf(FeatureEncoder encoder, Flight flight, LocalDateTime asOf) {
    return encoder.needsContext() ? board.contextOf(flight, asOf) : FlightContext.NONE;
  }

  // One update of each version's adders a request: the adders are shared by every event loop.
  private void count(List<Prediction> predictions) {
    String version = null;
    int delayed = 0;
    int onTime = 0;
    for (Prediction prediction : predictions) {
      if (!prediction.modelVersion().equals(version)) {
        addCounts(version, delayed, onTime);
        version = prediction.modelVersion();
        delayed = 0;
        onTime = 0;
      }
      if (prediction.delayed()) {
        delayed++;
      } else {
        onTime++;
      }
    }
    addCounts(version, delayed, onTime);
  }

  private void addCounts(String version, int delayed, int onTime) {
    if (version == null) {
      return;
    }
    Counters counters = byVersion.get(version);
    if (counters == null) {
      counters = byVersion.computeIfAbsent(version, this::register);
    }
    if (delayed > 0) {
      counters.delayed().add(delayed);
    }
    if (onTime > 0) {
      counters.onTime().add(onTime);
    }
  }

  /**
   * A version's counters: adders behind function counters, for a registry counter is a composite's,
   * whose increments contend across event loops (docs/PERFORMANCE.md).
   */
  private Counters register(String version) {
    Counters registered = new Counters(new LongAdder(), new LongAdder());
    for (String label : new String[] {"1", "0"}) {
      FunctionCounter.builder(
              "latam_predictions",
              label.equals("1") ? registered.delayed() : registered.onTime(),
              LongAdder::doubleValue)
          .description("predictions answered, by model version and class (1: delayed)")
          .tags("model_version", version, "class", label)
          .register(metrics);
    }
    return registered;
  }

  /** {@code latam_predictions_total} of one model version, by class. */
  private record Counters(LongAdder delayed, LongAdder onTime) {}

  /**
   * Whether scoring may run on an event loop: no model that answers needs context, or contexts are
   * read from memory (the rare day that must be read from the store throws {@link
   * org.latamml.app.WouldBlock} there, and the request is answered on a worker thread).
   */
  public boolean isNonBlocking() {
    return !readsContext(rollout.serving()) || board.answersFromMemory();
  }

  /** Whether a model that answers reads other flights' departures. */
  private static boolean readsContext(Serving serving) {
    return serving.champion().encoder().needsContext()
        || (serving.isCanary() && serving.challenger().encoder().needsContext());
  }

  /**
   * What tells whether a flight's answer under {@code serving} may have changed through other
   * flights (their departures): the same object for as long as it has not; null when no model that
   * answers reads them.
   *
   * @throws org.latamml.app.WouldBlock on an event loop, when the flight's day must be read
   */
  public Object contextStamp(Serving serving, Flight flight) {
    return readsContext(serving)
        ? board.contextStamp(flight.scheduledDeparture().toLocalDate())
        : null;
  }

  /** The flight fields the models that answer read, for requests that must supply them. */
  public Set<FlightField> fieldsUsed() {
    Serving serving = rollout.serving();
    FieldsRead known = fieldsRead;
    if (known != null && isSame(known.serving().get(), serving)) {
      return known.fields();
    }
    Set<FlightField> used = java.util.EnumSet.noneOf(FlightField.class);
    used.addAll(serving.champion().encoder().sources());
    if (serving.isCanary()) {
      used.addAll(serving.challenger().encoder().sources());
    }
    Set<FlightField> fields = java.util.Collections.unmodifiableSet(used);
    fieldsRead = new FieldsRead(new WeakReference<>(serving), fields);
    return fields;
  }

  // By identity: a Serving is made once per rollout applied; a record's equals would compare the
  // rollout's every field on every batch request.
  @SuppressWarnings("ReferenceEquality")
  private static boolean isSame(Serving known, Serving serving) {
    return known == serving;
  }

  /**
   * Whether a request giving only {@code given} can be answered: by the models that answer, or else
   * by the fallback model.
   */
  public boolean canAnswerGiven(Set<FlightField> given) {
    return given.containsAll(fieldsUsed())
        || registry.fallback().filter(f -> given.containsAll(f.encoder().sources())).isPresent();
  }

  /** Whether a fallback model is loaded. */
  public boolean hasFallback() {
    return registry.fallback().isPresent();
  }
}
