package org.latamml.app;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpMethod;
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

  void register(@Observes Filters filters) {
    // Right after the in-flight bound, which never sheds these paths.
    filters.register(this::check, InFlightLimiter.PRIORITY - 1);
  }

  private void check(RoutingContext context) {
    HttpMethod method = context.request().method();
    String path = context.normalizedPath();
    boolean probe = path.equals("/metrics") || path.startsWith("/q/health");
    if (probe
        && !method.equals(HttpMethod.GET)
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
