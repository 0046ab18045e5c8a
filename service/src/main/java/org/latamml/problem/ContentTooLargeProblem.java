package org.latamml.problem;

/** 413: the body is larger than the route takes. */
public final class ContentTooLargeProblem extends ProblemException {
  private static final long serialVersionUID = 1L;

  /** How large the body may be. */
  public ContentTooLargeProblem(String detail) {
    super(413, "body-too-large", "Content Too Large", detail, null);
  }
}
