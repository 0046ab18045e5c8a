package org.latamml.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.io.UncheckedIOException;

/**
 * Answers a request with a problem from the HTTP layer, before any resource (the in-flight bound):
 * the same status, headers and body as a resource's problem, written by the app's own mapper.
 */
@Singleton
public class ProblemWriter {
  private final ObjectMapper mapper;

  ProblemWriter(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** Ends the request with {@code problem}. */
  public void end(RoutingContext context, ProblemException problem) {
    byte[] body;
    try {
      body = mapper.writeValueAsBytes(problem.bodyFor(context.normalizedPath()));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    var response = context.response().setStatusCode(problem.status());
    problem.headers().forEach(response::putHeader);
    response
        .putHeader("Content-Type", ProblemException.mediaTypeFor(context.normalizedPath()))
        .end(Buffer.buffer(body));
  }
}
