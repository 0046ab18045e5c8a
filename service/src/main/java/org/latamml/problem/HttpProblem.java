package org.latamml.problem;

import jakarta.ws.rs.core.Response;

/** Any other status the HTTP layer answers with, named by its reason phrase. */
public final class HttpProblem extends ProblemException {
  private static final long serialVersionUID = 1L;

  /** A status without a problem type of its own. */
  public HttpProblem(int status, String detail) {
    super(status, "http-" + status, reasonOf(status), detail, null);
  }

  private static String reasonOf(int status) {
    Response.Status known = Response.Status.fromStatusCode(status);
    return known == null ? "Error" : known.getReasonPhrase();
  }
}
