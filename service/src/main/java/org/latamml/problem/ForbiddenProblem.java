package org.latamml.problem;

/** 403: the caller is known, but its roles do not allow the route. */
public final class ForbiddenProblem extends ProblemException {
  private static final long serialVersionUID = 1L;

  /** What the caller may not do. */
  public ForbiddenProblem(String detail) {
    super(403, "forbidden", "Forbidden", detail, null);
  }
}
