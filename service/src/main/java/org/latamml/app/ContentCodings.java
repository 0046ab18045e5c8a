package org.latamml.app;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.latamml.problem.UnsupportedMediaTypeProblem;

/**
 * Refuses a body sent with a content coding (gzip, deflate, br...) with 415 and {@code
 * Accept-Encoding: identity}, as RFC 9110 asks of a server that does not decode it: read as it
 * came, a gzipped batch would be answered "not valid JSON", which names the wrong fault. The event
 * loop's routes hand such a request on to their resource ({@link EventLoopRoutes}), so every route
 * answers it here.
 */
public final class ContentCodings {
  @ServerRequestFilter(preMatching = true)
  public Response refuseEncodedBody(ContainerRequestContext request) {
    String coding = request.getHeaderString(HttpHeaders.CONTENT_ENCODING);
    if (coding == null || coding.isBlank() || coding.strip().equalsIgnoreCase("identity")) {
      return null;
    }
    String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
    boolean hasBody =
        request.getHeaderString("Transfer-Encoding") != null
            || (length != null && !length.strip().equals("0"));
    if (!hasBody) {
      return null;
    }
    Response refused =
        new UnsupportedMediaTypeProblem(
                "a body sent with a Content-Encoding is not decoded here: send it unencoded")
            .toResponse(request.getUriInfo());
    return Response.fromResponse(refused).header(HttpHeaders.ACCEPT_ENCODING, "identity").build();
  }
}
