package org.latamml.prediction;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDateTime;
import java.util.Set;
import org.latamml.features.FlightField;

/**
 * What a request asks of the {@link Predictor} besides its flights, and where the answer goes.
 *
 * @param route the route asking, as the prediction log names it
 * @param requestId its {@code X-Request-Id}, for the log; null outside a request
 * @param response where {@code X-Model-Version} is set; null outside a request
 * @param explain whether each prediction is explained
 * @param asOf predictions as they would have been made then (the airport's departures after it are
 *     not known); null: now, with everything the store holds
 * @param given the flight fields the request gives, when it gives fewer than all: a model needing
 *     more is answered for by the fallback model; null: all
 */
public record Ask(
    String route,
    String requestId,
    HttpServerResponse response,
    boolean explain,
    LocalDateTime asOf,
    Set<FlightField> given) {

  /** The header naming the versions that answered. */
  public static final String MODEL_VERSION_HEADER = "X-Model-Version";

  /** A request on {@code route}, nothing more asked. */
  public static Ask of(RoutingContext context, String route) {
    return new Ask(
        route,
        context.response().headers().get("X-Request-Id"),
        context.response(),
        false,
        null,
        null);
  }

  /** The same, explained when {@code yes}. */
  public Ask explained(boolean yes) {
    return new Ask(route, requestId, response, yes, asOf, given);
  }

  /** The same, as known at {@code time}. */
  public Ask asOf(LocalDateTime time) {
    return new Ask(route, requestId, response, explain, time, given);
  }

  /** The same, giving only {@code fields}. */
  public Ask giving(Set<FlightField> fields) {
    return new Ask(route, requestId, response, explain, asOf, fields);
  }

  /** The same, with no header set on the response: the caller names the versions itself. */
  public Ask withoutHeaders() {
    return new Ask(route, requestId, null, explain, asOf, given);
  }

  /** An ask outside any request, such as a test's or a shadow's. */
  public static Ask internal(String route) {
    return new Ask(route, null, null, false, null, null);
  }
}
