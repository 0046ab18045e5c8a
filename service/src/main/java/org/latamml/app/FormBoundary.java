package org.latamml.app;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.latamml.problem.MalformedFormProblem;

/**
 * Refuses with 400 a model's upload whose multipart/form-data Content-Type names no usable
 * boundary, before Quarkus REST's form reader, which fails on an empty one with an index out of
 * bounds (a 500). It runs once the route is matched, so a caller not let in is refused 401 or 403
 * first, as on every route.
 */
public final class FormBoundary {
  /** RFC 2046's longest boundary. */
  static final int MAX_LENGTH = 70;

  @ServerRequestFilter
  public Response checkBoundary(ContainerRequestContext request) {
    String type = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
    String path = request.getUriInfo().getPath();
    // Only where a form is taken: any other route answers such a body 415 (or 401) as it would.
    if (!request.getMethod().equals("POST")
        || !(path.equals("/v1/models") || path.equals("/v1/models/"))
        || !MalformedFormProblem.isForm(type)
        || boundaryOf(type) != null) {
      return null;
    }
    return new MalformedFormProblem(
            "a multipart/form-data body needs a boundary in its Content-Type: one to 70 letters,"
                + " digits or '()+_,-./:=? characters, as in multipart/form-data; boundary=XYZ")
        .toResponse(request.getUriInfo().getPath());
  }

  /** The boundary a multipart Content-Type names, or null when it names none RFC 2046 allows. */
  static String boundaryOf(String contentType) {
    for (String parameter : contentType.split(";", -1)) {
      int equals = parameter.indexOf('=');
      if (equals < 0
          || !parameter.substring(0, equals).strip().toLowerCase(Locale.ROOT).equals("boundary")) {
        continue;
      }
      String value = parameter.substring(equals + 1).strip();
      if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
        value = value.substring(1, value.length() - 1);
      }
      return isBoundary(value) ? value : null;
    }
    return null;
  }

  private static boolean isBoundary(String value) {
    if (value.isEmpty() || value.length() > MAX_LENGTH || value.endsWith(" ")) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean allowed =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "'()+_,-./:=? ".indexOf(c) >= 0;
      if (!allowed) {
        return false;
      }
    }
    return true;
  }
}
