package org.latamml.problem;

/** 412: what the request's {@code If-Match} names is no longer what the service holds. */
public final class PreconditionFailedProblem extends ProblemException {
  private static final long serialVersionUID = 1L;

  /** What is held now, and how to go on. */
  public PreconditionFailedProblem(String detail) {
    super(412, "precondition-failed", "Precondition Failed", detail, null);
  }
}
