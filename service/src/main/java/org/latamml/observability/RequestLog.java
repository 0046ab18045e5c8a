package org.latamml.observability;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.util.regex.Pattern;
import org.latamml.config.ServiceSettings;

/**
 * One JSON line per request in Cloud Logging's structured format, with a request id that is also
 * returned in {@code X-Request-Id} (a caller's own id is kept when it is a plain token). Only the
 * method, the path without its query, the status and the latency are logged: no header, body,
 * token, key, query or address. Lines go to standard output through a {@link LineWriter}, many per
 * write; lines beyond 16 MiB waiting are dropped and counted in {@code
 * latam_request_log_dropped_lines_total}.
 */
@ApplicationScoped
public class RequestLog {
  static final String HEADER = "X-Request-Id";
  private static final java.util.HexFormat HEX = java.util.HexFormat.of();
  private static final ThreadLocal<StringBuilder> LINE =
      ThreadLocal.withInitial(() -> new StringBuilder(512));
  private static final Pattern CALLER_ID = Pattern.compile("[A-Za-z0-9._-]{8,64}");
  // 16 MiB of lines (about 65,000) may wait for standard output before lines are dropped.
  private static final int WAITING_CHUNKS = 4_096;

  private final boolean enabled;
  private final LineWriter lines;

  RequestLog(ServiceSettings settings, MeterRegistry metrics) {
    this.enabled = settings.requestLog();
    this.lines =
        enabled
            ? new LineWriter(
                new FileOutputStream(FileDescriptor.out), WAITING_CHUNKS, "latam-request-log")
            : null;
    if (enabled) {
      FunctionCounter.builder("latam_request_log_dropped_lines", lines, LineWriter::dropped)
          .description("request log lines dropped: too many waiting to be written")
          .register(metrics);
      FunctionCounter.builder("latam_request_log_failed_lines", lines, LineWriter::failed)
          .description("request log lines lost: standard output refused them")
          .register(metrics);
    }
  }

  @PreDestroy
  void flush() {
    if (lines != null) {
      lines.close();
    }
  }

  void register(@Observes Filters filters) {
    // Before the in-flight bound, so that shed requests are logged and carry an id too.
    filters.register(this::track, 2_000);
  }

  private void track(RoutingContext context) {
    String given = context.request().getHeader(HEADER);
    String id = given != null && CALLER_ID.matcher(given).matches() ? given : newId();
    long start = System.nanoTime();
    context.response().putHeader(HEADER, id);
    if (enabled) {
      context.addEndHandler(done -> {
        // End handlers run on the request's own thread: its builder is free to reuse.
        StringBuilder line = LINE.get();
        line.setLength(0);
        lines.write(line(line, context, id, System.nanoTime() - start));
      });
    }
    context.next();
  }

  /**
   * A random 128-bit id in hex. Not UUID.randomUUID: its SecureRandom is shared and locks under
   * load, and a request id needs to be unique, not unguessable.
   */
  static String newId() {
    java.util.concurrent.ThreadLocalRandom random =
        java.util.concurrent.ThreadLocalRandom.current();
    return HEX.toHexDigits(random.nextLong()) + HEX.toHexDigits(random.nextLong());
  }

  /** Builds the line by hand: it runs for every request, and its fields need little escaping. */
  static StringBuilder line(StringBuilder line, RoutingContext context, String id, long nanos) {
    int status = context.response().getStatusCode();
    String method = context.request().method().name();
    String path = escape(context.normalizedPath());
    line.append("{\"severity\":\"")
        .append(severity(status, path))
        .append("\",\"message\":\"")
        .append(method)
        .append(' ')
        .append(path)
        .append(' ')
        .append(status)
        .append("\",\"httpRequest\":{\"requestMethod\":\"")
        .append(method)
        .append("\",\"requestUrl\":\"")
        .append(path)
        .append("\",\"status\":")
        .append(status)
        .append(",\"latency\":\"")
        .append(nanos / 1_000_000_000)
        .append('.');
    long micros = (nanos / 1_000) % 1_000_000;
    for (long digit = 100_000; digit > 0; digit /= 10) {
      line.append((char) ('0' + micros / digit % 10));
    }
    line.append("s\"},\"requestId\":\"").append(id).append("\"}");
    return line;
  }

  /**
   * The line's severity by status, but a probe's 503 is WARNING: "not ready" is the probe's answer
   * (each start answers it until the flights are loaded, and a version not served answers it), and
   * what made it so is logged where it happened.
   */
  static String severity(int status, String path) {
    if (status >= 500) {
      return status == 503 && isProbe(path) ? "WARNING" : "ERROR";
    }
    return status >= 400 ? "WARNING" : "INFO";
  }

  /** Quarkus's health routes and the inference protocol's readiness and liveness routes. */
  private static boolean isProbe(String path) {
    return path.startsWith("/q/health")
        || path.startsWith("/v2/health/")
        || (path.startsWith("/v2/models/") && path.endsWith("/ready"));
  }

  /** JSON string escaping for a path: quotes, backslashes and control characters. */
  static String escape(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\' || c < 0x20) {
        if (out == null) {
          out = new StringBuilder(text.length() + 8).append(text, 0, i);
        }
        out.append(
            c == '"'
                ? "\\\""
                : c == '\\' ? "\\\\" : String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? text : out.toString();
  }
}
