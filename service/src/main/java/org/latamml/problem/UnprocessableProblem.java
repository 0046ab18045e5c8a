package org.latamml.problem;

/** 422: a well-formed request the service cannot carry out as asked, such as an explanation. */
public final class UnprocessableProblem extends ProblemException {
  private static final long serialVersionUID = 1L;

  /** What cannot be done, and why. */
  public UnprocessableProblem(String slug, String detail) {
    super(422, slug, "Unprocessable Content", detail, null);
  }
}
