package org.latamml.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.util.concurrent.FastThreadLocal;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.latamml.config.RefusedStart;
import org.latamml.config.ServiceSettings;
import org.latamml.problem.ProblemWriter;
import org.latamml.problem.RequestTimeoutProblem;
import org.latamml.problem.ServiceUnavailableProblem;

/**
 * Bounds the requests in flight ({@code latam.max-in-flight}); beyond it, answers 503 with {@code
 * Retry-After} at once, counted in {@code latam_shed_requests_total}, so that overload slows no one
 * already admitted and the service answers again as soon as load drops. Health probes are never
 * shed. A request whose body has not arrived {@code latam.body-timeout} after its headers is
 * answered 408 and its connection closed: its permit is held from its headers on, and a caller
 * stalling bodies would otherwise take every permit.
 */
@ApplicationScoped
public class InFlightLimiter {

  /** Its place among the HTTP filters: after the request log's, before everything else. */
  public static final int PRIORITY = 1_000;

  private final Semaphore permits;
  private final Counter shed;
  private final Counter timedOut;
  private final ProblemWriter problems;
  private final long bodyTimeoutMillis;
  private final String bodyTimeoutDetail;
  private final FastThreadLocal<BodyDeadlines<RoutingContext>> deadlines;
  private final Vertx vertx;

  InFlightLimiter(
      ServiceSettings settings,
      MeterRegistry metrics,
      ProblemWriter problems,
      Vertx vertx,
      @ConfigProperty(name = "quarkus.http.read-timeout") Duration readTimeout) {
    this.problems = problems;
    this.vertx = vertx;
    this.permits = new Semaphore(settings.maxInFlight());
    this.shed =
        Counter.builder("latam_shed_requests")
            .description("requests answered 503 because too many were in flight")
            .register(metrics);
    this.timedOut =
        Counter.builder("latam_body_timeouts")
            .description("requests answered 408 because their body did not arrive in time")
            .register(metrics);
    this.bodyTimeoutMillis = settings.bodyTimeout().toMillis();
    this.deadlines = BodyDeadlines.perLoop(settings.bodyTimeout().toNanos(), this::expire);
    if (bodyTimeoutMillis <= 0) {
      throw RefusedStart.because(
          "LATAM_BODY_TIMEOUT must be above 0, got " + settings.bodyTimeout());
    }
    // A worker reading a stalled body gives up after the read timeout and closes the connection:
    // before the body's deadline, the caller would get no 408 (after it, the 408 frees the worker).
    if (readTimeout.compareTo(settings.bodyTimeout()) <= 0) {
      throw RefusedStart.because(
          "QUARKUS_HTTP_READ_TIMEOUT ("
              + readTimeout
              + ") must be longer than LATAM_BODY_TIMEOUT ("
              + settings.bodyTimeout()
              + ")");
    }
    this.bodyTimeoutDetail =
        "the body did not arrive within "
            + (bodyTimeoutMillis % 1000 == 0
                ? bodyTimeoutMillis / 1000 + " s"
                : bodyTimeoutMillis + " ms")
            + " of the request's headers";
  }

  void register(@Observes Filters filters) {
    filters.register(this::admit, PRIORITY);
  }

  // Vert.x's event loops outlive this bean in dev mode's reloads: each lets go of its list.
  @PreDestroy
  void forgetDeadlines() {
    ((VertxInternal) vertx).getEventLoopGroup().forEach(loop -> loop.execute(deadlines::remove));
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
    if (!awaitsBody(context.request())) {
      context.addEndHandler(done -> permits.release());
    } else {
      // On the request's own event loop, in a list a settled deadline leaves at once: Netty's timer
      // wheel kept each cancelled deadline, and its request, until its next tick, and halved the
      // POST routes' throughput; a Vert.x timer took twice the CPU; Netty's scheduled tasks, a
      // heap, cost a deadline's adding and cancelling (docs/PERFORMANCE.md). Vert.x's
      // ContextInternal is the SPI Quarkus itself schedules with.
      BodyDeadlines<RoutingContext> loop = deadlines.get();
      BodyDeadlines.Deadline<RoutingContext> deadline =
          loop.start(context, (ContextInternal) Vertx.currentContext());
      context.addEndHandler(done -> {
        permits.release();
        loop.settle(deadline);
      });
    }
    context.next();
  }

  // A request of HTTP/1.1 with neither a length nor chunks has no body to wait for; one with a body
  // has not ended when its headers are handled.
  private static boolean awaitsBody(HttpServerRequest request) {
    if (request.version() == HttpVersion.HTTP_2) {
      return !request.isEnded();
    }
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    return (length != null && !length.equals("0"))
        || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
  }

  // Runs on the request's event loop. A body that arrived in time leaves the route to answer.
  private void expire(RoutingContext context) {
    HttpServerRequest request = context.request();
    HttpServerResponse response = context.response();
    if (request.isEnded() || response.ended() || response.headWritten()) {
      return;
    }
    timedOut.increment();
    // The body's reader (a Quarkus REST worker, or an event-loop route's body handler) is told of
    // the closed connection and lets go at once; silenced, a worker waited for its read timeout.
    boolean http2 = request.version() == HttpVersion.HTTP_2;
    if (!http2) {
      // The rest of the body would be read as the next request: the connection cannot be reused.
      response.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
    }
    problems.end(context, new RequestTimeoutProblem(bodyTimeoutDetail));
    if (http2) {
      // NO_ERROR after a whole answer: the client stops sending the body (RFC 9113, 8.1).
      response.reset(0);
    } else {
      request.connection().close();
    }
  }
}
