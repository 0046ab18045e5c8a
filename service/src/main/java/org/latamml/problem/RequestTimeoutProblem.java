package org.latamml.problem;

/** 408: the request's body did not arrive in time. */
public final class RequestTimeoutProblem extends ProblemException {
  private static final long serialVersionUID = 1L;

  /** How long the body was waited for. */
  public RequestTimeoutProblem(String detail) {
    super(408, "body-timeout", "Request Timeout", detail, null);
  }
}
