package org.latamml.compat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.vertx.http.runtime.security.SecurityHandlerPriorities;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.latamml.app.InFlightLimiter;
import org.latamml.app.RequestLimits;
import org.latamml.auth.BearerAuthMechanism;
import org.latamml.auth.Caller;
import org.latamml.auth.Roles;
import org.latamml.config.ServiceSettings;
import org.latamml.observability.RouteTimer;
import org.latamml.prediction.Ask;
import org.latamml.prediction.Prediction;
import org.latamml.prediction.Predictor;
import org.latamml.rollout.Serving;
import org.latamml.store.FlightIds;
import org.latamml.store.FlightView;
import org.latamml.store.JdbcFlightStore;
import org.latamml.store.StoredFlight;

/**
 * Answers the common case of {@code POST /predict-flight} (a known id, a caller known without I/O,
 * flights in memory) on the event loop, straight from Vert.x: no JAX-RS dispatch, request scope or
 * Mutiny, which together cost more than the prediction itself, and each flight's answer kept. Every
 * other request (errors, tokens, a store or model that may block) is handed on untouched to {@link
 * PrototypeResource}, which stays the route's definition: its answers, its problems and its OpenAPI
 * entry. A test holds the two to the same bytes. {@code latam.fast-path=false} turns this off.
 *
 * <p>The route's {@code http.server.requests} are timed here too ({@link RouteTimer}), fast or full
 * path, for Quarkus's HTTP binder ignores this route: its per-request tag lookup cost more than the
 * prediction.
 */
@Singleton
public class PredictFlightFastPath {
  private static final String ANSWER_TYPE = "application/json;charset=UTF-8";

  private static final String PATH = "/predict-flight";

  /** Heap bytes budgeted per kept answer: one takes up to about 450. */
  private static final int HEAP_BYTES_PER_ANSWER = 1024;

  private final boolean enabled;
  private final JdbcFlightStore store;
  private final Predictor predictor;
  private final BearerAuthMechanism auth;
  private final MeterRegistry metrics;
  private final ObjectMapper mapper;
  private volatile KeptAnswer[] keptAnswers = new KeptAnswer[0];
  // Answers are kept for ids up to this, one per KiB of heap: a year of flights at 112 MB.
  private final int maxKept =
      (int)
          Math.min(
              JdbcFlightStore.MAX_MEMORY_FLIGHTS,
              Runtime.getRuntime().maxMemory() / HEAP_BYTES_PER_ANSWER);
  private final LongAdder answered = new LongAdder();
  // The body is read here, once, and left on the routing context for the full path to read again.
  private final BodyHandler body =
      BodyHandler.create(false).setBodyLimit(RequestLimits.MAX_BODY).setPreallocateBodyBuffer(true);

  PredictFlightFastPath(
      ServiceSettings settings,
      JdbcFlightStore store,
      Predictor predictor,
      BearerAuthMechanism auth,
      ObjectMapper mapper,
      MeterRegistry metrics) {
    this.metrics = metrics;
    this.enabled = settings.fastPath();
    this.store = store;
    this.predictor = predictor;
    this.auth = auth;
    this.mapper = mapper;
    FunctionCounter.builder("latam_fast_path_answers", answered, LongAdder::doubleValue)
        .description("POST /predict-flight requests answered by the fast path")
        .register(metrics);
  }

  void register(@Observes Router router) {
    // Before the in-flight bound, so that requests it sheds are timed too (as 503s).
    router
        .route(PATH)
        .order(-(InFlightLimiter.PRIORITY + 1))
        .handler(new RouteTimer(metrics, PATH)::handle);
    if (enabled) {
      router
          .post(PATH)
          // After the request id, the in-flight bound and CORS, before Quarkus's authentication:
          // this path checks the caller itself, and the full path authenticates what it hands on.
          .order(-(SecurityHandlerPriorities.AUTHENTICATION + 1))
          .handler(this::readBodyIfEligible)
          .handler(this::answer);
    }
  }

  /** Reads the body only for requests this path may answer; the others go on unread. */
  private void readBodyIfEligible(RoutingContext context) {
    if (eligible(context)) {
      body.handle(context);
    } else {
      context.next();
    }
  }

  private boolean eligible(RoutingContext context) {
    var headers = context.request().headers();
    long length = contentLength(headers.get(HttpHeaders.CONTENT_LENGTH));
    // A query (?explain=true) asks for more than the kept answer holds.
    return length > 0
        && context.request().query() == null
        && length <= RequestLimits.MAX_BODY
        && isJson(headers.get(HttpHeaders.CONTENT_TYPE))
        && acceptsJson(headers.get(HttpHeaders.ACCEPT))
        && mayPredict(auth.callerKnownNow(headers.getAll(HttpHeaders.AUTHORIZATION)))
        && store.answersFromMemory()
        && predictor.isNonBlocking();
  }

  /**
   * A stored flight's answer under one rollout, which changes with neither; {@code stamp} is the
   * store's ({@link JdbcFlightStore#stamp}) for the flight answered.
   */
  // The answer is written once and never changed; entries are never compared.
  @SuppressWarnings("ArrayRecordComponent")
  private record KeptAnswer(Object stamp, Serving serving, Prediction prediction, byte[] answer) {}

  private void answer(RoutingContext context) {
    if (!context.body().available()) {
      context.next();
      return;
    }
    long id = FlightIds.tryParse(requestedId(context.body().buffer()));
    // The stamp before the flight: a change in between makes the kept answer stale, never wrong.
    Object stamp = id > 0 ? store.stamp(id) : null;
    Optional<StoredFlight> stored = id > 0 ? store.find(id) : Optional.empty();
    if (stored.isEmpty()) {
      context.next();
      return;
    }
    byte[] answer;
    try {
      answer = answerOf(id, stamp, stored.get(), Ask.of(context, PATH));
    } catch (RuntimeException e) {
      // The full path meets the same failure and answers it with its problem body.
      context.next();
      return;
    }
    context.response().putHeader(HttpHeaders.CONTENT_TYPE, ANSWER_TYPE).end(Buffer.buffer(answer));
    answered.increment();
  }

  /**
   * A stored flight's answer under the rollout served, kept from an earlier request or predicted
   * now and kept: a flight unchanged (the same stamp: an event or an import gives another) under
   * the same rollout (a change serves another) gets the same answer, a canary answers a flight
   * always with the same version, and a kept answer is one contiguous copy, where predicting and
   * writing walk the flight's fields. Kept only for ids up to {@code maxKept}, one per KiB of heap:
   * each takes about 450 bytes.
   */
  private byte[] answerOf(long id, Object stamp, StoredFlight stored, Ask ask) {
    // Touches the kept entry and its bytes only: each flight's objects are a cache miss away.
    Serving serving = predictor.serving();
    long index = id - 1;
    KeptAnswer[] kept = keptAnswers;
    KeptAnswer entry = index < kept.length ? kept[(int) index] : null;
    if (entry != null) {
      if (isSameObject(entry.serving(), serving)) {
        if (isSameObject(entry.stamp(), stamp)) {
          predictor.answeredAgain(serving, entry.prediction(), stored.flight(), id, ask);
          return entry.answer();
        }
        // This flight changed (an event, an import): its answer alone is made again; a model
        // that reads other flights is never answered here (isNonBlocking).
      } else {
        // Another rollout: every kept answer is stale. Dropped at once, rather than one by one as
        // each flight is asked for, so that no retired model is held on to.
        kept = new KeptAnswer[0];
        keptAnswers = kept;
      }
    }
    Serving taken = predictor.acquireServing();
    Prediction prediction;
    try {
      prediction = predictor.predict(taken, List.of(stored.flight()), new long[] {id}, ask).get(0);
    } finally {
      taken.release();
    }
    byte[] answer = write(stored, prediction);
    if (index < maxKept && stamp != null) {
      if (index >= kept.length) {
        kept = Arrays.copyOf(kept, (int) Math.min(maxKept, Math.max(index + 1, kept.length * 2L)));
        keptAnswers = kept;
      }
      kept[(int) index] = new KeptAnswer(stamp, taken, prediction, answer);
    }
    return answer;
  }

  // Identity, not equality: one comparison where equality would walk both objects.
  @SuppressWarnings("ReferenceEquality")
  private static boolean isSameObject(Object kept, Object current) {
    return kept == current;
  }

  private static long contentLength(String header) {
    if (header == null || header.isEmpty() || header.length() > 18) {
      return -1;
    }
    for (int i = 0; i < header.length(); i++) {
      if (header.charAt(i) < '0' || header.charAt(i) > '9') {
        return -1;
      }
    }
    return Long.parseLong(header);
  }

  private static boolean isJson(String contentType) {
    return contentType != null
        && (contentType.equalsIgnoreCase("application/json")
            || contentType.equalsIgnoreCase("application/json; charset=utf-8")
            || contentType.equalsIgnoreCase("application/json;charset=utf-8"));
  }

  private static boolean acceptsJson(String accept) {
    return accept == null || accept.equals("*/*") || accept.equals("application/json");
  }

  private static boolean mayPredict(Caller caller) {
    return caller != null
        && (caller.roles().contains(Roles.INVOKER) || caller.roles().contains(Roles.ADMIN));
  }

  /** {@code Vlo_l} from the body, or null for the full path to read it ({@link PrototypeBody}). */
  String requestedId(Buffer body) {
    return PrototypeBody.requestedId(body.getBytes());
  }

  /**
   * The bytes the full path writes: {@link PrototypeResource.Response} through the same mapper.
   * Written once per stored flight and model, so a writer of its own would buy nothing.
   */
  byte[] write(StoredFlight stored, Prediction prediction) {
    try {
      return mapper.writeValueAsBytes(
          new PrototypeResource.Response(
              prediction.label(),
              prediction.probability(),
              prediction.modelVersion(),
              FlightView.of(stored),
              prediction.fallback(),
              prediction.explanation()));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
