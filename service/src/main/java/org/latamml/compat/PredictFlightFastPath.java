package org.latamml.compat;

import static org.latamml.compat.Identities.isSameObject;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.latamml.app.EventLoopRoutes;
import org.latamml.app.JsonBuffers;
import org.latamml.auth.Roles;
import org.latamml.compat.KeptAnswers.KeptAnswer;
import org.latamml.config.ServiceSettings;
import org.latamml.prediction.Ask;
import org.latamml.prediction.KeptPrediction;
import org.latamml.prediction.Prediction;
import org.latamml.prediction.Predictor;
import org.latamml.rollout.Serving;
import org.latamml.store.FlightIds;
import org.latamml.store.FlightView;
import org.latamml.store.JdbcFlightStore;
import org.latamml.store.StoredFlight;

/**
 * {@code POST /predict-flight}'s answer on the event loop ({@link EventLoopRoutes}) for a known id
 * with no query: each stored flight's prediction kept (its answer's bytes too, where set) until the
 * flight or the rollout changes. Everything else goes to {@link PrototypeResource}, the route's
 * definition; a test holds the two to the same bytes.
 */
@Singleton
public class PredictFlightFastPath {
  private static final String PATH = "/predict-flight";

  /**
   * Heap bytes budgeted per kept prediction: a tenth of the heap for the predictions' columns,
   * {@link KeptPredictionColumns#BYTES_PER_FLIGHT} a flight. A kept prediction spares a later
   * request the prediction, which costs five times the writing (docs/PERFORMANCE.md, "Kept
   * predictions past the kept answers"); a tenth of the launcher's 112 MB keeps about 123,000
   * flights, of the image's heap about 690,000 (docs/PERFORMANCE.md, "Kept predictions in
   * columns"). Answers are kept as bytes only when set: each takes 450 bytes more for the writing
   * alone, and a year's of them held 10 MB of the old generation's 88 (docs/PERFORMANCE.md, "Kept
   * predictions, smaller").
   */
  private static final int HEAP_BYTES_PER_PREDICTION = 10 * KeptPredictionColumns.BYTES_PER_FLIGHT;

  private final JdbcFlightStore store;
  private final Predictor predictor;
  private final EventLoopRoutes routes;
  private final ObjectWriter answers;
  // Predictions, answers written again each time, for the latest ids: by default a tenth of the
  // heap, about 123,000 flights at 112 MB.
  private final KeptPredictionColumns kept;
  // Answers kept as bytes, for fewer of the latest ids: none unless set. Apart, so that each
  // bound holds as the latest flights change.
  private final KeptAnswers keptBytes;
  private final LongAdder answeredFromBytes = new LongAdder();
  private final LongAdder answeredFromPredictions = new LongAdder();

  PredictFlightFastPath(
      JdbcFlightStore store,
      Predictor predictor,
      EventLoopRoutes routes,
      ObjectMapper mapper,
      ServiceSettings settings,
      MeterRegistry metrics) {
    this.store = store;
    this.predictor = predictor;
    this.routes = routes;
    this.answers = mapper.writerFor(PrototypeResource.Response.class);
    long heap = Runtime.getRuntime().maxMemory();
    ServiceSettings.KeptAnswers set = settings.keptAnswers();
    int maxKeptBytes = bounded(set.flights(), 0);
    this.keptBytes = new KeptAnswers(maxKeptBytes);
    this.kept =
        new KeptPredictionColumns(
            Math.max(
                maxKeptBytes, bounded(set.predictionFlights(), heap / HEAP_BYTES_PER_PREDICTION)));
    count(metrics, "answer", answeredFromBytes);
    count(metrics, "prediction", answeredFromPredictions);
  }

  private static void count(MeterRegistry metrics, String kept, LongAdder answered) {
    FunctionCounter.builder("latam_kept_answers", answered, LongAdder::doubleValue)
        .description("predict-flight answers made from what was kept of an earlier one")
        .tag("kept", kept)
        .register(metrics);
  }

  /**
   * The flights set, else {@code byHeap}, within what the store holds in memory at most and not
   * below none.
   */
  private static int bounded(Optional<Integer> set, long byHeap) {
    long flights = set.isPresent() ? set.get() : byHeap;
    return (int) Math.max(0, Math.min(JdbcFlightStore.MAX_MEMORY_FLIGHTS, flights));
  }

  void register(@Observes Router router) {
    routes.register(
        router,
        new EventLoopRoutes.Route(
            HttpMethod.POST,
            PATH,
            Roles.PREDICTING,
            true,
            () -> store.answersFromMemory() && predictor.isNonBlocking(),
            this::answer));
  }

  /** A stored flight's answer, or null for anything else (a query such as ?explain=true). */
  private Buffer answer(RoutingContext context) {
    if (context.request().query() != null) {
      return null;
    }
    long id = FlightIds.tryParse(requestedId(context.body().buffer()));
    // The stamp before the flight: a change in between makes the kept answer stale, never wrong.
    Object stamp = id > 0 ? store.stamp(id) : null;
    Optional<StoredFlight> stored = id > 0 ? store.find(id) : Optional.empty();
    if (stored.isEmpty()) {
      return null;
    }
    return answerOf(id, stamp, stored.get(), Ask.of(context, PATH));
  }

  /**
   * A stored flight's answer under the rollout served, kept from an earlier request or predicted
   * now and kept: a flight unchanged (the same stamp: an event or an import gives another) under
   * the same rollout (a change serves another) gets the same answer, a canary answers a flight
   * always with the same version, and predicting costs five times the writing. Kept for the store's
   * latest flights as the prediction ({@link KeptPredictionColumns}, about 90 bytes), its answer
   * written again each time; as bytes too ({@link KeptAnswers}, 450 more) only for the latest
   * {@code maxKeptBytes}, none unless set.
   */
  private Buffer answerOf(long id, Object stamp, StoredFlight stored, Ask ask) {
    // A kept entry spares the prediction (the model and the board); its bytes, where kept, the
    // writing too.
    Serving serving = predictor.serving();
    // Like the flight's stamp, read before predicting: a change in between is seen as one.
    Object context = predictor.contextStamp(serving, stored.flight());
    // Another rollout: everything kept is stale. Dropped at once, rather than one by one as each
    // flight is asked for, so that no retired model is held on to.
    kept.dropUnlessOf(serving);
    keptBytes.dropUnlessOf(serving);
    KeptAnswer entry = keptBytes.find(id);
    if (entry != null && !isSameObject(entry.serving(), serving)) {
      entry = null;
    }
    if (entry != null
        && isSameObject(entry.stamp(), stamp)
        && isSameObject(entry.context(), context)) {
      predictor.answeredAgain(serving, entry.prediction().prediction(), stored.flight(), id, ask);
      answeredFromBytes.increment();
      return Buffer.buffer(entry.answer());
    }
    Prediction again = kept.find(id, serving, stamp, context);
    // Written with the flight read after the stamp: the same flight only if the stamp is still the
    // same, else (a change in between) the flight is predicted again below. A flight or departures
    // changed (an event, an import) have another stamp: its prediction alone is made again.
    if (again != null && isSameObject(store.stamp(id), stamp)) {
      predictor.answeredAgain(serving, again, stored.flight(), id, ask);
      answeredFromPredictions.increment();
      return write(stored, again);
    }
    Serving taken = predictor.acquireServing();
    Prediction prediction;
    try {
      prediction = predictor.predict(taken, List.of(stored.flight()), new long[] {id}, ask).get(0);
    } finally {
      taken.release();
    }
    Buffer answer = write(stored, prediction);
    // Not kept when the rollout changed while predicting: the kept answers may have been dropped
    // for the new one already, and the retired model would be held again.
    if (stamp != null
        && prediction.explanation() == null
        && isSameObject(taken, predictor.serving())) {
      long latest = store.heldCount();
      kept.keep(id, taken, stamp, context, prediction, latest);
      if (keptBytes.isKept(id, latest)) {
        keptBytes.keep(
            new KeptAnswer(
                id, stamp, context, taken, KeptPrediction.of(prediction), answer.getBytes()),
            latest);
      }
    }
    return answer;
  }

  /** {@code Vlo_l} from the body, or null for the full path to read it ({@link PrototypeBody}). */
  String requestedId(Buffer body) {
    return PrototypeBody.requestedId(body.getBytes());
  }

  /**
   * The bytes the full path writes: {@link PrototypeResource.Response} through the same mapper,
   * whose serializer is found once: a kept prediction's answer is written at every request.
   */
  Buffer write(StoredFlight stored, Prediction prediction) {
    try {
      return JsonBuffers.write(
          answers,
          new PrototypeResource.Response(
              prediction.label(),
              prediction.probability(),
              prediction.modelVersion(),
              FlightView.of(stored),
              prediction.fallback(),
              prediction.explanation()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
