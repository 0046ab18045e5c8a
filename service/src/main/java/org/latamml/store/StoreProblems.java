package org.latamml.store;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.latamml.problem.ServiceUnavailableProblem;

/** A store that fails to answer makes the request 503, to be retried, and is logged. */
public final class StoreProblems {
  private static final Logger LOG = Logger.getLogger(StoreProblems.class);

  @ServerExceptionMapper
  public Response unavailable(StoreException e, UriInfo uri) {
    LOG.errorf(e, "flight store failed on /%s", uri.getPath().replaceFirst("^/", ""));
    return new ServiceUnavailableProblem(
            "store-unavailable", "the flight store is not answering; retry shortly", 5)
        .toResponse(uri);
  }
}
