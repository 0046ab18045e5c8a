package org.latamml.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.Semaphore;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Bounds the requests in flight ({@code latam.max-in-flight}); beyond it, answers 503 with {@code
 * Retry-After} at once, counted in {@code latam_shed_requests_total}, so that overload slows no one
 * already admitted and the service answers again as soon as load drops. Health probes are never
 * shed.
 */
@ApplicationScoped
public class InFlightLimiter {
  private static final String BODY =
      "{\"type\":\"urn:latam-ml-infra:problem:overloaded\",\"title\":\"Service Unavailable\","
          + "\"status\":503,\"detail\":\"too many requests in flight; retry in a second\"}";

  /** Its place among the HTTP filters: after the request log's, before everything else. */
  public static final int PRIORITY = 1_000;

  private final Semaphore permits;
  private final Counter shed;

  InFlightLimiter(
      @ConfigProperty(name = "latam.max-in-flight") int maxInFlight, MeterRegistry metrics) {
    this.permits = new Semaphore(maxInFlight);
    this.shed = metrics.counter("latam_shed_requests");
  }

  void register(@Observes Filters filters) {
    filters.register(this::admit, PRIORITY);
  }

  private void admit(RoutingContext context) {
    if (context.normalizedPath().startsWith("/q/health")) {
      context.next();
      return;
    }
    if (!permits.tryAcquire()) {
      shed.increment();
      context
          .response()
          .setStatusCode(503)
          .putHeader("Retry-After", "1")
          .putHeader("Content-Type", "application/problem+json")
          .end(BODY);
      return;
    }
    context.addEndHandler(done -> permits.release());
    context.next();
  }
}
