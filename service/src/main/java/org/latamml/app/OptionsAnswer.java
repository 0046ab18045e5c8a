package org.latamml.app;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.latamml.problem.AllowedMethods;

/**
 * Answers OPTIONS with the methods its path takes, the list a 405 on the same path gives ({@link
 * AllowedMethods}): Quarkus REST's own answer lists every method of the path's resource class, so
 * that {@code OPTIONS /predict-flight} offered GET, which then answered 405.
 */
public final class OptionsAnswer {
  @ServerRequestFilter(preMatching = true)
  public Response answerOptions(ContainerRequestContext request) {
    if (!HttpMethod.OPTIONS.equals(request.getMethod())) {
      return null;
    }
    String allow = AllowedMethods.ofApplication().allowFor(request.getUriInfo().getPath());
    // A path no resource takes goes on to Quarkus REST, which answers it as before.
    return allow == null ? null : Response.ok().header(HttpHeaders.ALLOW, allow).build();
  }
}
