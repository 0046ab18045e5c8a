package org.latamml.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.http.Outcome;
import io.vertx.ext.web.RoutingContext;

/**
 * Times every request to one route into {@code http.server.requests}, with the tags (method, uri,
 * status, outcome) and SLO buckets of Quarkus's HTTP binder, for a route that binder is told to
 * ignore ({@code quarkus.micrometer.binder.http-server.ignore-patterns}). The binder builds, sorts
 * and looks up the tags of every request; this looks a timer up by status in an array
 * (docs/PERFORMANCE.md has the measurement).
 */
public final class RouteTimer {
  private static final String POST = "POST";

  private final MeterRegistry metrics;
  private final String uri;
  private final Timer[] postTimers = new Timer[600];

  /** Times requests under {@code uri}: a route's path, or its resource's path template. */
  public RouteTimer(MeterRegistry metrics, String uri) {
    this.metrics = metrics;
    this.uri = uri;
  }

  /** A route handler: times this request, whatever answers it, then hands it on. */
  public void handle(RoutingContext context) {
    long start = System.nanoTime();
    String method = context.request().method().name();
    context.addEndHandler(done ->
        timer(method, context.response().getStatusCode())
            .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS));
    context.next();
  }

  private Timer timer(String method, int status) {
    if (!method.equals(POST) || status < 0 || status >= postTimers.length) {
      return register(method, status);
    }
    Timer timer = postTimers[status];
    if (timer == null) {
      // Racing threads register the same meter: the registry returns one instance.
      timer = register(method, status);
      postTimers[status] = timer;
    }
    return timer;
  }

  private Timer register(String method, int status) {
    return Timer.builder("http.server.requests")
        .tag("method", method)
        .tag("uri", uri)
        .tag("status", Integer.toString(status))
        .tag("outcome", Outcome.forStatus(status).name())
        .register(metrics);
  }
}
