package org.latamml.problem;

import java.util.List;

/** 400: the request cannot be read or names values the service does not know. */
public final class BadRequestProblem extends ProblemException {
  private static final long serialVersionUID = 1L;

  /** A request the service cannot act on, and why. */
  public BadRequestProblem(String slug, String detail) {
    super(400, slug, "Bad Request", detail, null);
  }

  /** One field at fault, named in {@code errors} as a 422 names it. */
  public BadRequestProblem(String slug, String field, String detail) {
    super(
        400,
        slug,
        "Bad Request",
        field + ": " + detail,
        List.of(new Problem.FieldError(field, detail)));
  }
}
