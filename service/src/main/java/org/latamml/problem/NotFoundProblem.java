package org.latamml.problem;

/** 404: the thing asked for does not exist. */
public final class NotFoundProblem extends ProblemException {
  private static final long serialVersionUID = 1L;

  /** {@code slug} names the kind of thing, such as {@code flight-not-found}. */
  public NotFoundProblem(String slug, String detail) {
    super(404, slug, "Not Found", detail, null);
  }
}
