package org.latamml.app;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.latamml.problem.ContentTooLargeProblem;
import org.latamml.problem.ProblemWriter;

/**
 * Reads a body sent without a length (chunked) whole before any route, up to its route's limit
 * ({@link RequestLimits}), and refuses one past it with the same 413 as a body whose length says
 * so. Left to Quarkus REST, such a body was cut only at 8 MiB, with an empty 413 and two stack
 * traces in the log. A model upload's body is left to Quarkus's own form reading.
 */
@Singleton
public class UnsizedBodies {
  /** Its place among the HTTP filters: after the in-flight bound, so a shed body is not read. */
  public static final int PRIORITY = InFlightLimiter.PRIORITY - 500;

  private static final String LIMIT = UnsizedBodies.class.getName() + ".limit";

  private final ProblemWriter problems;

  UnsizedBodies(ProblemWriter problems) {
    this.problems = problems;
  }

  void register(@Observes Filters filters) {
    filters.register(this::read, PRIORITY);
  }

  void register(@Observes Router router) {
    router.route().order(Integer.MIN_VALUE).failureHandler(this::refuseTooLarge);
  }

  private void read(RoutingContext context) {
    var headers = context.request().headers();
    if (headers.contains(HttpHeaders.CONTENT_LENGTH)
        || !headers.contains(HttpHeaders.TRANSFER_ENCODING)) {
      context.next();
      return;
    }
    String route = RequestLimits.routeOf(context.normalizedPath());
    if (route.equals("/v1/models")) {
      context.next();
      return;
    }
    long limit = RequestLimits.limitOf(route);
    context.put(LIMIT, limit);
    BodyHandler.create(false).setBodyLimit(limit).handle(context);
  }

  private void refuseTooLarge(RoutingContext context) {
    Long limit = context.get(LIMIT);
    if (limit == null) {
      context.next();
      return;
    }
    if (context.response().ended()) {
      // The connection closing under the rest of a body already refused: nothing left to answer.
      return;
    }
    if (context.statusCode() != 413) {
      context.next();
      return;
    }
    // The rest of the body is never read: the connection ends with the answer.
    context.response().putHeader(HttpHeaders.CONNECTION, "close");
    problems.end(
        context,
        new ContentTooLargeProblem(
            "the body, sent without a length, is over " + limit + " bytes, this route's limit"));
  }
}
