package org.latamml.problem;

/** 406: the route cannot answer in any media type the caller accepts. */
public final class NotAcceptableProblem extends ProblemException {
  private static final long serialVersionUID = 1L;

  /** What the route answers in. */
  public NotAcceptableProblem(String detail) {
    super(406, "not-acceptable", "Not Acceptable", detail, null);
  }
}
