package org.latamml.observability;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * One JSON line per request in Cloud Logging's structured format, with a request id that is also
 * returned in {@code X-Request-Id} (a caller's own id is kept when it is a plain token). Only the
 * method, the path without its query, the status and the latency are logged: no header, body,
 * token, key, query or address.
 */
@ApplicationScoped
public class RequestLog {
  static final String HEADER = "X-Request-Id";
  private static final Logger LOG = Logger.getLogger("latam.request");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CALLER_ID = Pattern.compile("[A-Za-z0-9._-]{8,64}");

  private final boolean enabled;

  RequestLog(@ConfigProperty(name = "latam.request-log", defaultValue = "true") boolean enabled) {
    this.enabled = enabled;
  }

  void register(@Observes Filters filters) {
    // Before the in-flight bound, so that shed requests are logged and carry an id too.
    filters.register(this::track, 2_000);
  }

  private void track(RoutingContext context) {
    String given = context.request().getHeader(HEADER);
    String id =
        given != null && CALLER_ID.matcher(given).matches() ? given : UUID.randomUUID().toString();
    long start = System.nanoTime();
    context.response().putHeader(HEADER, id);
    if (enabled) {
      context.addEndHandler(done -> log(context, id, System.nanoTime() - start));
    }
    context.next();
  }

  private static void log(RoutingContext context, String id, long nanos) {
    int status = context.response().getStatusCode();
    Map<String, Object> http = new LinkedHashMap<>();
    http.put("requestMethod", context.request().method().name());
    http.put("requestUrl", context.normalizedPath());
    http.put("status", status);
    http.put("latency", String.format(java.util.Locale.ROOT, "%.6fs", nanos / 1e9));
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("severity", status >= 500 ? "ERROR" : status >= 400 ? "WARNING" : "INFO");
    line.put(
        "message",
        context.request().method().name() + " " + context.normalizedPath() + " " + status);
    line.put("httpRequest", http);
    line.put("requestId", id);
    try {
      LOG.info(JSON.writeValueAsString(line));
    } catch (JsonProcessingException e) {
      LOG.warn("request log line could not be written");
    }
  }
}
