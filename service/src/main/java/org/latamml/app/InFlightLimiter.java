package org.latamml.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.Semaphore;
import org.latamml.config.ServiceSettings;
import org.latamml.problem.ProblemWriter;
import org.latamml.problem.ServiceUnavailableProblem;

/**
 * Bounds the requests in flight ({@code latam.max-in-flight}); beyond it, answers 503 with {@code
 * Retry-After} at once, counted in {@code latam_shed_requests_total}, so that overload slows no one
 * already admitted and the service answers again as soon as load drops. Health probes are never
 * shed.
 */
@ApplicationScoped
public class InFlightLimiter {

  /** Its place among the HTTP filters: after the request log's, before everything else. */
  public static final int PRIORITY = 1_000;

  private final Semaphore permits;
  private final Counter shed;
  private final ProblemWriter problems;

  InFlightLimiter(ServiceSettings settings, MeterRegistry metrics, ProblemWriter problems) {
    this.problems = problems;
    this.permits = new Semaphore(settings.maxInFlight());
    this.shed = metrics.counter("latam_shed_requests");
  }

  void register(@Observes Filters filters) {
    filters.register(this::admit, PRIORITY);
  }

  /** Probes and scrapes are never shed: an overloaded service must still be seen as such. */
  public static boolean isNeverShed(String path) {
    return path.startsWith("/q/health") || path.equals("/health") || path.equals("/metrics");
  }

  private void admit(RoutingContext context) {
    if (isNeverShed(context.normalizedPath())) {
      context.next();
      return;
    }
    if (!permits.tryAcquire()) {
      shed.increment();
      problems.end(
          context,
          new ServiceUnavailableProblem(
              "overloaded", "too many requests in flight; retry in a second", 1));
      return;
    }
    context.addEndHandler(done -> permits.release());
    context.next();
  }
}
