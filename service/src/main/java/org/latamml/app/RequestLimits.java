package org.latamml.app;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.latamml.problem.ContentTooLargeProblem;

/**
 * Refuses bodies over 64 KiB with 413 before they are read; the batch routes, which carry up to
 * 1,000 flights (and the Open Inference Protocol's inference routes, the same), may send up to 512
 * KiB, Pub/Sub's push, the same batches in base64 inside an envelope, 768 KiB, and a model upload 8
 * MiB. A JSON body sent without a length is stopped by the parser at {@link #MAX_PUSH_BODY} ({@code
 * StrictJson}), a form at 8 MiB ({@code quarkus.http.limits.max-body-size}, one limit for all
 * routes, which the upload sets).
 */
public final class RequestLimits {
  /** The largest body any route but the batch route takes. */
  public static final long MAX_BODY = 64 * 1024;

  /** The largest body the batch routes take. */
  public static final long MAX_BATCH_BODY = 512 * 1024;

  /** The largest body Pub/Sub's push route takes. */
  public static final long MAX_PUSH_BODY = 768 * 1024;

  /**
   * The largest model upload (its card and ONNX graph, as a form) {@code POST /v1/models} takes:
   * also {@code quarkus.http.limits.max-body-size}, Quarkus's one limit for every route.
   */
  public static final long MAX_MODEL_BODY = 8 * 1024 * 1024;

  private static final java.util.Set<String> BATCH_ROUTES =
      java.util.Set.of("/v1/predictions", "/v1/flights", "/v1/departures");

  /** The largest body a route takes. */
  static long limitOf(String route) {
    if (route.equals("/v1/events/pubsub")) {
      return MAX_PUSH_BODY;
    }
    if (route.equals("/v1/models")) {
      return MAX_MODEL_BODY;
    }
    // The Open Inference Protocol's inference routes carry batches as the batch route does.
    if (BATCH_ROUTES.contains(route) || (route.startsWith("/v2/") && route.endsWith("/infer"))) {
      return MAX_BATCH_BODY;
    }
    return MAX_BODY;
  }

  @ServerRequestFilter(preMatching = true)
  public Response limitBody(ContainerRequestContext request) {
    String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
    if (length == null) {
      return null;
    }
    String path = request.getUriInfo().getPath();
    String route = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    long limit = limitOf(route);
    long size;
    try {
      size = Long.parseLong(length.strip());
    } catch (NumberFormatException e) {
      return null;
    }
    if (size <= limit) {
      return null;
    }
    return new ContentTooLargeProblem(
            "the body is " + size + " bytes; this route takes at most " + limit)
        .toResponse(request.getUriInfo());
  }
}
