package org.latamml.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.http.Outcome;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.impl.HttpServerRequestInternal;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Times every request into {@code http.server.requests} (tags method, uri, status, outcome; the SLO
 * buckets of {@link SloHistograms}) and counts those in flight in {@code
 * http.server.active.requests}: the one timer of every route, in place of Quarkus's HTTP binder,
 * which built and sorted four tags and matched five patterns per request (docs/PERFORMANCE.md, "One
 * timer for every route"). The uri is the route's path template, JAX-RS's or the one an event-loop
 * route names ({@link #name}); without one, as the binder named it: {@code root}, {@code
 * REDIRECTION}, {@code NOT_FOUND}, {@code /cors-preflight}, the Vert.x route's path or the file's
 * of a GET or HEAD's success, else {@code UNKNOWN} (where the binder gave the path: a series per
 * made-up path); a method outside HTTP's standard ones is {@code OTHER}. Quarkus's own endpoints
 * ({@code /q/...}, the health probes) are not timed, as the binder did not time them.
 */
@ApplicationScoped
public class RequestTimer {
  /** Its place among the HTTP filters: first, so that it times the request log and the limits. */
  public static final int PRIORITY = 3_000;

  // Where Quarkus REST leaves the matched resource's template (its ObservabilityHandler).
  private static final String JAX_RS_TEMPLATE = "UrlPathTemplate";
  private static final int STATUSES = 600;
  private static final String TIMED = RequestTimer.class.getName() + ".timed";
  private static final Set<HttpMethod> STANDARD_METHODS =
      Set.of(
          HttpMethod.GET,
          HttpMethod.HEAD,
          HttpMethod.POST,
          HttpMethod.PUT,
          HttpMethod.DELETE,
          HttpMethod.OPTIONS,
          HttpMethod.PATCH,
          HttpMethod.TRACE,
          HttpMethod.CONNECT);

  private final MeterRegistry metrics;
  private final LongAdder active = new LongAdder();
  // By template or uri: a template's string is the same instance each time, its hash kept.
  private final ConcurrentHashMap<String, UriTimers> byUri = new ConcurrentHashMap<>();
  // Event-loop routes' paths, answered before JAX-RS names a template.
  private final ConcurrentHashMap<String, UriTimers> byPath = new ConcurrentHashMap<>();

  RequestTimer(MeterRegistry metrics) {
    this.metrics = metrics;
    Gauge.builder("http.server.active.requests", active, LongAdder::doubleValue)
        .description("requests being answered")
        .register(metrics);
  }

  void register(@Observes Filters filters) {
    filters.register(this::time, PRIORITY);
  }

  /**
   * Times the requests to {@code path}, an event-loop route's (a trailing slash the same), under
   * {@code template} when JAX-RS names none (the route answered them, or refused them first).
   */
  public void name(String path, String template) {
    byPath.put(labelPath(path), byUri.computeIfAbsent(template, UriTimers::new));
  }

  private void time(RoutingContext context) {
    String path = context.normalizedPath();
    // A request routed again (Swagger UI's /docs/ to /docs/index.html) passes the filters again:
    // timed once, under the path it came with.
    if (path.startsWith("/q/") || context.get(TIMED) != null) {
      context.next();
      return;
    }
    context.put(TIMED, true);
    long start = System.nanoTime();
    active.increment();
    context.addEndHandler(done -> {
      active.decrement();
      long nanos = System.nanoTime() - start;
      HttpMethod method = context.request().method();
      Timer timer =
          done.succeeded()
              ? timersOf(context, path).timer(method, context.response().getStatusCode())
              // The connection closed or failed before the answer ended, as the binder tags it;
              // its status was never sent, so it names no uri of its own.
              : unansweredTimersOf(context, path)
                  .register(methodLabel(method), "RESET", Outcome.CLIENT_ERROR);
      timer.record(nanos, TimeUnit.NANOSECONDS);
    });
    context.next();
  }

  /** The timers of the route that took the request, or null if none took it. */
  private UriTimers routeTimersOf(RoutingContext context, String path) {
    String template =
        ((HttpServerRequestInternal) context.request()).context().getLocal(JAX_RS_TEMPLATE);
    if (template != null) {
      return byUri.computeIfAbsent(template, UriTimers::new);
    }
    return byPath.get(labelPath(path));
  }

  private UriTimers unansweredTimersOf(RoutingContext context, String path) {
    UriTimers route = routeTimersOf(context, path);
    return route != null ? route : byUri.computeIfAbsent("UNKNOWN", UriTimers::new);
  }

  private UriTimers timersOf(RoutingContext context, String path) {
    UriTimers route = routeTimersOf(context, path);
    if (route != null) {
      return route;
    }
    int status = context.response().getStatusCode();
    String uri;
    if (path.equals("/")) {
      uri = "root";
    } else if (status / 100 == 3) {
      uri = "REDIRECTION";
    } else if (status == 404) {
      uri = "NOT_FOUND";
    } else if (isCorsPreflight(context)) {
      uri = "/cors-preflight";
    } else if (status / 100 == 2 && isRead(context.request().method())) {
      // What the service serves outside JAX-RS: its files (a bounded set of paths), else under the
      // Vert.x route that answered, since a prefix's route answers any path below it
      // (/metrics/<anything>, /docs/<anything>). Not an OPTIONS, which Quarkus REST answers 200
      // for any path under its root.
      Route answered = context.currentRoute();
      uri = answered != null && answered.getPath() != null ? answered.getPath() : path;
    } else {
      // Refused before any route took it (a missing key, a body too large, shed): its path would
      // be a new series for every path a caller makes up.
      uri = "UNKNOWN";
    }
    return byUri.computeIfAbsent(uri, UriTimers::new);
  }

  private static boolean isRead(HttpMethod method) {
    return HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method);
  }

  /** The method's label: the standard ones by name, any other token a caller sends as OTHER. */
  static String methodLabel(HttpMethod method) {
    return STANDARD_METHODS.contains(method) ? method.name() : "OTHER";
  }

  private static boolean isCorsPreflight(RoutingContext context) {
    var headers = context.request().headers();
    return HttpMethod.OPTIONS.equals(context.request().method())
        && headers.contains("Origin")
        && headers.contains("Access-Control-Request-Method");
  }

  /** A label's path: one slash between segments, none at the end. */
  static String labelPath(String path) {
    String single = path.contains("//") ? path.replaceAll("/{2,}", "/") : path;
    return single.length() > 1 && single.endsWith("/")
        ? single.substring(0, single.length() - 1)
        : single;
  }

  /** One uri's timers, found by method and status in arrays rather than built from tags. */
  private final class UriTimers {
    private final String uri;
    private final Timer[] get = new Timer[STATUSES];
    private final Timer[] post = new Timer[STATUSES];

    UriTimers(String template) {
      this.uri = labelPath(template);
    }

    Timer timer(HttpMethod method, int status) {
      Timer[] byStatus =
          HttpMethod.POST.equals(method) ? post : HttpMethod.GET.equals(method) ? get : null;
      if (byStatus == null || status < 0 || status >= STATUSES) {
        return register(methodLabel(method), Integer.toString(status), Outcome.forStatus(status));
      }
      Timer timer = byStatus[status];
      if (timer == null) {
        // Racing threads register the same meter: the registry returns one instance.
        timer = register(methodLabel(method), Integer.toString(status), Outcome.forStatus(status));
        byStatus[status] = timer;
      }
      return timer;
    }

    Timer register(String method, String status, Outcome outcome) {
      return Timer.builder("http.server.requests")
          .description("HTTP server request processing time")
          .tag("method", method)
          .tag("uri", uri)
          .tag("status", status)
          .tag("outcome", outcome.name())
          .register(metrics);
    }
  }
}
