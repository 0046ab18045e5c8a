package org.latamml.problem;

/** 409: the request conflicts with what the service holds. */
public final class ConflictProblem extends ProblemException {
  private static final long serialVersionUID = 1L;

  /** What conflicts, and how to resolve it. */
  public ConflictProblem(String detail) {
    super(409, "conflict", "Conflict", detail, null);
  }
}
