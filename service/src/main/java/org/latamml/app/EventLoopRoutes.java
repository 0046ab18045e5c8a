package org.latamml.app;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.vertx.http.runtime.security.SecurityHandlerPriorities;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.inject.Singleton;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import org.latamml.auth.BearerAuthMechanism;
import org.latamml.auth.Caller;
import org.latamml.config.ServiceSettings;
import org.latamml.observability.RequestTimer;

/**
 * The one way a route answers its common case on the event loop, before the JAX-RS layer: no
 * dispatch, request scope, security chain or Mutiny, which together cost more than a lookup or a
 * kept prediction. It decides, the same for every route that uses it, what the JAX-RS layer would
 * decide first: the caller, by the same {@link BearerAuthMechanism} (known without I/O, or the
 * request is handed on), the roles the route allows, the content types, the body size ({@link
 * RequestLimits}); limits and the request log are the HTTP filters every request passes. Anything
 * else, and anything the route's {@link EventLoopAnswer} declines, goes on untouched to the route's
 * resource, which answers it with the problem bodies of every route. Over HTTP/2, a route that
 * reads a body leaves every request to its resource. Each request to such a route is timed under
 * its template ({@link RequestTimer}), whichever side answers; answers given here are counted in
 * {@code latam_fast_path_answers_total} by route. {@code latam.fast-path=false} turns every such
 * answer off.
 */
@Singleton
public class EventLoopRoutes {
  private static final String ANSWER_TYPE = "application/json;charset=UTF-8";
  // Marks a request admitted while its body is read.
  private static final String ADMITTED = EventLoopRoutes.class.getName() + ".admitted";

  private final boolean enabled;
  private final BearerAuthMechanism auth;
  private final RequestTimer timer;
  private final MeterRegistry metrics;
  private final ObjectMapper mapper;

  EventLoopRoutes(
      ServiceSettings settings,
      BearerAuthMechanism auth,
      RequestTimer timer,
      MeterRegistry metrics,
      ObjectMapper mapper) {
    this.enabled = settings.fastPath();
    this.auth = auth;
    this.timer = timer;
    this.metrics = metrics;
    this.mapper = mapper;
  }

  /**
   * A reader of a route's JSON body into {@code type}, with the service's mapper and stricter than
   * its resource's reader: a body it refuses (trailing content, say) goes on for the resource to
   * decide.
   */
  public ObjectReader readerOf(Class<?> type) {
    return mapper.readerFor(type).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /**
   * One route answered on the event loop when it can.
   *
   * @param method its method
   * @param path its path, without parameters; a trailing slash is the same route
   * @param roles the roles its resource allows
   * @param readsBody whether it takes a JSON body, read here before {@code answer} runs
   * @param ready whether the service can answer without blocking now (flights and models in
   *     memory); otherwise every request is handed on
   * @param answer the route's answer to its common case
   * @param template the resource's path template, under which requests to {@code path} are timed
   *     (JAX-RS times those to any other path it matches, such as another model's, under it too):
   *     {@code /v2/models/{name}/infer}; {@code path} when it has none
   */
  public record Route(
      HttpMethod method,
      String path,
      Set<String> roles,
      boolean readsBody,
      BooleanSupplier ready,
      EventLoopAnswer answer,
      String template) {

    /**
     * One route answered on the event loop when it can, timed under its own path.
     *
     * @see Route
     */
    public Route(
        HttpMethod method,
        String path,
        Set<String> roles,
        boolean readsBody,
        BooleanSupplier ready,
        EventLoopAnswer answer) {
      this(method, path, roles, readsBody, ready, answer, path);
    }
  }

  /** Names the route's template for its timing and, unless turned off, adds its answer. */
  public void register(Router router, Route route) {
    timer.name(route.path(), route.template());
    if (!enabled) {
      return;
    }
    LongAdder answered = new LongAdder();
    FunctionCounter.builder("latam_fast_path_answers", answered, LongAdder::doubleValue)
        .description("requests answered on the event loop, before the JAX-RS layer")
        .tag("route", route.path())
        .register(metrics);
    BodyHandler body =
        BodyHandler.create(false)
            .setBodyLimit(RequestLimits.limitOf(route.path()))
            .setPreallocateBodyBuffer(true);
    router
        .route(route.method(), route.path())
        // After the request id, the in-flight bound and CORS, before Quarkus's authentication:
        // the caller is checked here, and the resource authenticates what is handed on.
        .order(-(SecurityHandlerPriorities.AUTHENTICATION + 1))
        .handler(context -> {
          if (!admitted(route, context)) {
            context.next();
          } else if (route.readsBody()) {
            context.put(ADMITTED, true);
            body.handle(context);
          } else {
            answer(route, context, answered);
          }
        })
        .handler(context -> {
          if (context.get(ADMITTED) == null || !context.body().available()) {
            context.next();
          } else {
            answer(route, context, answered);
          }
        })
        // The connection closed before the body arrived (its caller left, or was answered 408 and
        // let go): no one is left to answer, and nothing failed here to report.
        .failureHandler(context -> {
          if (!(context.failure() instanceof HttpClosedException)) {
            context.next();
          }
        });
  }

  private static void answer(Route route, RoutingContext context, LongAdder answered) {
    Buffer answer;
    try {
      answer = route.answer().answer(context);
    } catch (RuntimeException e) {
      answer = null;
    }
    if (answer == null) {
      context.next();
      return;
    }
    context.response().putHeader(HttpHeaders.CONTENT_TYPE, ANSWER_TYPE).end(answer);
    answered.increment();
  }

  /** Whether the request is one the route's answer may be given to. */
  private boolean admitted(Route route, RoutingContext context) {
    var headers = context.request().headers();
    if (!acceptsJson(headers.get(HttpHeaders.ACCEPT))) {
      return false;
    }
    if (route.readsBody()) {
      if (context.request().version() == HttpVersion.HTTP_2) {
        // Over HTTP/2 a body read here cannot be handed on: Quarkus REST pauses every request it
        // takes, and Vert.x refuses to pause an HTTP/2 request already read (quarkusio/quarkus
        // #34393), so a declined request would get a 500 where the resource's answer is due.
        return false;
      }
      long length = contentLength(headers.get(HttpHeaders.CONTENT_LENGTH));
      String expect = headers.get(HttpHeaders.EXPECT);
      // Vert.x's body reader answers any expectation but 100-continue with a bare 417, where the
      // resource ignores it: such a request is the resource's.
      // A coded body (gzip...) is refused by the resource's pipeline (ContentCodings).
      if (length <= 0
          || length > RequestLimits.limitOf(route.path())
          || !isJson(headers.get(HttpHeaders.CONTENT_TYPE))
          || headers.contains(HttpHeaders.CONTENT_ENCODING)
          || (expect != null && !expect.equalsIgnoreCase("100-continue"))) {
        return false;
      }
    } else if (headers.contains(HttpHeaders.TRANSFER_ENCODING)
        || (headers.contains(HttpHeaders.CONTENT_LENGTH)
            && contentLength(headers.get(HttpHeaders.CONTENT_LENGTH)) != 0)) {
      // A body where the route reads none (a GET's, told by its length or its chunks): the
      // resource's limits decide it, as any route's (413 past them).
      return false;
    }
    if (!route.ready().getAsBoolean()) {
      return false;
    }
    Caller caller = auth.callerKnownNow(headers.getAll(HttpHeaders.AUTHORIZATION));
    return caller != null && holdsAny(caller.roles(), route.roles());
  }

  // A loop rather than a stream: it runs for every request, and a stream's pipeline allocated
  // 1.4 % of what a predict-flight request did (docs/PERFORMANCE.md, "Answers written once").
  private static boolean holdsAny(Set<String> held, Set<String> allowed) {
    for (String role : held) {
      if (allowed.contains(role)) {
        return true;
      }
    }
    return false;
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
}
