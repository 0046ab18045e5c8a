package org.latamml.problem;

import java.util.Map;

/** 401: no credential, or one that is not valid; the challenge says how to authenticate. */
public final class UnauthorizedProblem extends ProblemException {
  private static final long serialVersionUID = 1L;

  /** Why the caller is not let in, and the {@code WWW-Authenticate} challenge to send. */
  public UnauthorizedProblem(String detail, String challenge) {
    super(401, "unauthorized", "Unauthorized", detail, null, Map.of("WWW-Authenticate", challenge));
  }
}
