package org.latamml.problem;

import java.util.List;

/** 422: the request is well-formed JSON, but fields are missing, of the wrong type or invalid. */
public final class InvalidInputProblem extends ProblemException {
  private static final long serialVersionUID = 1L;

  /** One field at fault. */
  public InvalidInputProblem(String field, String detail) {
    this(List.of(new Problem.FieldError(field, detail)));
  }

  /** Several fields at fault. */
  public InvalidInputProblem(List<Problem.FieldError> errors) {
    super(
        422,
        "invalid-input",
        "Unprocessable Content",
        errors.stream()
            .map(e -> e.field() + ": " + e.detail())
            .reduce((a, b) -> a + "; " + b)
            .orElse("invalid input"),
        errors);
  }

  /** The body as a whole is of the wrong shape, such as an array where an object belongs. */
  public static InvalidInputProblem ofBody(String detail) {
    return new InvalidInputProblem(detail);
  }

  private InvalidInputProblem(String detail) {
    super(422, "invalid-input", "Unprocessable Content", detail, null);
  }
}
