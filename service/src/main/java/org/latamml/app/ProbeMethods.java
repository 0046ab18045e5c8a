package org.latamml.app;

import io.quarkus.vertx.http.runtime.security.SecurityHandlerPriorities;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.latamml.problem.MethodNotAllowedProblem;
import org.latamml.problem.ProblemWriter;

/**
 * Answers 405 to a method the scrape and the probes do not take ({@code POST /metrics}, {@code PUT
 * /q/health/ready}), where Quarkus's own handlers answered them as a GET: every other path gets its
 * 405 from its resource.
 */
@Singleton
public class ProbeMethods {
  private static final String ALLOW = "GET, HEAD, OPTIONS";

  private final ProblemWriter problems;

  ProbeMethods(ProblemWriter problems) {
    this.problems = problems;
  }

  void register(@Observes Router router) {
    // Routes of their own paths rather than a filter every request would pass; before
    // authentication, as the event loop's routes are.
    int order = -(SecurityHandlerPriorities.AUTHENTICATION + 1);
    router.route("/metrics").order(order).handler(this::check);
    router.route("/q/health*").order(order).handler(this::check);
  }

  private void check(RoutingContext context) {
    HttpMethod method = context.request().method();
    if (!method.equals(HttpMethod.GET)
        && !method.equals(HttpMethod.HEAD)
        && !method.equals(HttpMethod.OPTIONS)) {
      problems.end(
          context,
          new MethodNotAllowedProblem(
              "this method is not allowed here; the Allow header lists those that are", ALLOW));
      return;
    }
    context.next();
  }
}
