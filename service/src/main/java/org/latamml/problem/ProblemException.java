package org.latamml.problem;

import java.util.List;

/** An error the API answers with a problem body; one subclass per HTTP status. */
public abstract class ProblemException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String type;
  private final String title;
  private final transient List<Problem.FieldError> errors;

  ProblemException(
      int status, String slug, String title, String detail, List<Problem.FieldError> errors) {
    super(detail, null, false, false);
    this.status = status;
    this.type = slug == null ? "about:blank" : "urn:latam-ml-infra:problem:" + slug;
    this.title = title;
    this.errors = errors == null ? null : List.copyOf(errors);
  }

  /** The body to answer with, for a request to {@code path}. */
  public Problem toProblem(String path) {
    return new Problem(type, title, status, getMessage(), path, errors);
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }
}
