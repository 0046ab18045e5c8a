package org.latamml.problem;

/** 503: the service cannot answer now (no model or no store yet); the caller may retry. */
public final class ServiceUnavailableProblem extends ProblemException {
  private static final long serialVersionUID = 1L;

  /** What is not ready. */
  public ServiceUnavailableProblem(String detail) {
    super(503, "not-ready", "Service Unavailable", detail, null);
  }
}
