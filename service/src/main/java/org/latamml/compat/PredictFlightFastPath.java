package org.latamml.compat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.vertx.http.runtime.security.SecurityHandlerPriorities;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.latamml.app.InFlightLimiter;
import org.latamml.app.RequestLimits;
import org.latamml.artifact.DelayModel;
import org.latamml.auth.BearerAuthMechanism;
import org.latamml.auth.Caller;
import org.latamml.auth.Roles;
import org.latamml.flight.Flight;
import org.latamml.observability.RouteTimer;
import org.latamml.prediction.Prediction;
import org.latamml.prediction.Predictor;
import org.latamml.store.FlightIds;
import org.latamml.store.JdbcFlightStore;
import org.latamml.store.StoredFlight;

/**
 * Answers the common case of {@code POST /predict-flight} (a known id, a caller known without I/O,
 * flights in memory) on the event loop, straight from Vert.x: no JAX-RS dispatch, request scope,
 * Mutiny or reflective JSON, which together cost more than twice the prediction itself. Every other
 * request (errors, tokens, a store or model that may block) is handed on untouched to {@link
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
  private static final int MAX_KEPT = 500_000;

  private final boolean enabled;
  private final JdbcFlightStore store;
  private final Predictor predictor;
  private final BearerAuthMechanism auth;
  private final MeterRegistry metrics;
  private final JsonFactory json;
  private volatile VersionPart versionPart;
  private volatile KeptAnswer[] keptAnswers = new KeptAnswer[0];
  // The body is read here, once, and left on the routing context for the full path to read again.
  private final BodyHandler body =
      BodyHandler.create(false).setBodyLimit(RequestLimits.MAX_BODY).setPreallocateBodyBuffer(true);

  PredictFlightFastPath(
      @ConfigProperty(name = "latam.fast-path", defaultValue = "true") boolean enabled,
      JdbcFlightStore store,
      Predictor predictor,
      BearerAuthMechanism auth,
      ObjectMapper mapper,
      MeterRegistry metrics) {
    this.metrics = metrics;
    this.enabled = enabled;
    this.store = store;
    this.predictor = predictor;
    this.auth = auth;
    this.json = mapper.getFactory();
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
    return length > 0
        && length <= RequestLimits.MAX_BODY
        && isJson(headers.get(HttpHeaders.CONTENT_TYPE))
        && acceptsJson(headers.get(HttpHeaders.ACCEPT))
        && mayPredict(auth.callerKnownNow(headers.get(HttpHeaders.AUTHORIZATION)))
        && store.answersFromMemory()
        && predictor.isNonBlocking();
  }

  // Written once and never changed; neither record is ever compared.
  @SuppressWarnings("ArrayRecordComponent")
  private record VersionPart(String version, byte[] bytes) {}

  /** A stored flight's answer under one model, which changes with neither. */
  @SuppressWarnings("ArrayRecordComponent")
  private record KeptAnswer(
      StoredFlight flight, DelayModel model, boolean delayed, byte[] answer) {}

  private void answer(RoutingContext context) {
    if (!context.body().available()) {
      context.next();
      return;
    }
    long id = FlightIds.tryParse(requestedId(context.body().buffer()));
    Optional<StoredFlight> stored = id > 0 ? store.find(id) : Optional.empty();
    if (stored.isEmpty()) {
      context.next();
      return;
    }
    byte[] answer;
    try {
      answer = answerOf(id, stored.get());
    } catch (RuntimeException e) {
      // The full path meets the same failure and answers it with its problem body.
      context.next();
      return;
    }
    if (answer == null) {
      context.next();
      return;
    }
    context.response().putHeader(HttpHeaders.CONTENT_TYPE, ANSWER_TYPE).end(Buffer.buffer(answer));
  }

  /**
   * A stored flight's answer under the served model, kept from an earlier request or predicted now
   * and kept: neither a stored flight (an import replaces it by another object) nor a model (a
   * switch serves another) ever changes, and a kept answer is one contiguous copy, where predicting
   * and writing walk the flight's fields. Null when the probability is not a number JSON can hold.
   * Kept only for ids up to {@link #MAX_KEPT}, as many as the store holds in memory at most: each
   * takes about 400 bytes, within the kibibyte of heap the store budgets per flight.
   */
  private byte[] answerOf(long id, StoredFlight stored) {
    // Touches the kept entry and its bytes only: each flight's objects are a cache miss away.
    DelayModel model = predictor.servedModel();
    long index = id - 1;
    KeptAnswer[] kept = keptAnswers;
    KeptAnswer entry = index < kept.length ? kept[(int) index] : null;
    if (entry != null) {
      if (isSameObject(entry.flight(), stored) && isSameObject(entry.model(), model)) {
        predictor.countKept(model, entry.delayed());
        return entry.answer();
      }
      // Another model or an import: every kept answer is stale. Dropped at once, rather than one
      // by one as each flight is asked for, so that no retired model or flight is held on to.
      kept = new KeptAnswer[0];
      keptAnswers = kept;
    }
    Prediction prediction = predictor.predictWith(model, stored.flight());
    if (!Double.isFinite(prediction.probability())) {
      return null;
    }
    byte[] answer = write(stored, prediction);
    if (index < MAX_KEPT) {
      if (index >= kept.length) {
        kept = Arrays.copyOf(kept, (int) Math.min(MAX_KEPT, Math.max(index + 1, kept.length * 2L)));
        keptAnswers = kept;
      }
      kept[(int) index] = new KeptAnswer(stored, model, prediction.delayed(), answer);
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

  /** The bytes {@link PrototypeResource.Response} serialises to, written field by field. */
  byte[] write(StoredFlight stored, Prediction prediction) {
    var out = new ByteArrayOutputStream(400);
    out.writeBytes(prediction.delayed() ? HIGH : LOW);
    out.writeBytes(Double.toString(prediction.probability()).getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(versionPart(prediction.modelVersion()));
    out.writeBytes(flightJson(stored));
    out.write('}');
    return out.toByteArray();
  }

  private static final byte[] HIGH = prefix(Prediction.HIGH);
  private static final byte[] LOW = prefix(Prediction.LOW);

  private static byte[] prefix(String label) {
    return ("{\"Prediction\":\"" + label + "\",\"probability\":").getBytes(StandardCharsets.UTF_8);
  }

  /** {@code ,"model_version":"<version>","flight":}, kept for the version last served. */
  private byte[] versionPart(String version) {
    VersionPart part = versionPart;
    if (part == null || !part.version().equals(version)) {
      var out = new ByteArrayOutputStream(64);
      try (JsonGenerator g = json.createGenerator(out)) {
        g.writeString(version);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      String quoted = out.toString(StandardCharsets.UTF_8);
      part =
          new VersionPart(
              version,
              (",\"model_version\":" + quoted + ",\"flight\":").getBytes(StandardCharsets.UTF_8));
      versionPart = part;
    }
    return part.bytes();
  }

  private byte[] flightJson(StoredFlight stored) {
    Flight flight = stored.flight();
    var out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = json.createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("id", stored.id());
      writeDateTime(g, "scheduled_departure", flight.scheduledDeparture());
      g.writeStringField("flight_number", flight.flightNumber());
      g.writeStringField("airline", flight.airline());
      g.writeStringField("airline_code", flight.airlineCode());
      g.writeStringField("flight_type", flight.type().code());
      g.writeStringField("destination", flight.destination());
      g.writeStringField("destination_city", flight.destinationCity());
      writeDateTime(g, "actual_departure", flight.actualDeparture());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void writeDateTime(JsonGenerator g, String name, LocalDateTime time)
      throws IOException {
    if (time == null) {
      g.writeNullField(name);
    } else {
      g.writeStringField(name, isoLocal(time));
    }
  }

  /**
   * What Jackson writes for a {@link LocalDateTime} (ISO-8601, seconds always shown), by hand for
   * whole seconds in years 0 to 9999, the formatter's own way otherwise.
   */
  static String isoLocal(LocalDateTime time) {
    if (time.getNano() != 0 || time.getYear() < 0 || time.getYear() > 9999) {
      return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(time);
    }
    char[] text = "0000-00-00T00:00:00".toCharArray();
    digits(text, 0, 4, time.getYear());
    digits(text, 5, 2, time.getMonthValue());
    digits(text, 8, 2, time.getDayOfMonth());
    digits(text, 11, 2, time.getHour());
    digits(text, 14, 2, time.getMinute());
    digits(text, 17, 2, time.getSecond());
    return new String(text);
  }

  private static void digits(char[] text, int at, int width, int value) {
    int rest = value;
    for (int i = at + width - 1; i >= at; i--) {
      text[i] = (char) ('0' + rest % 10);
      rest /= 10;
    }
  }
}
