package org.latamml.problem;

import java.util.Map;

/** 405: the path exists, but not with this method; {@code Allow} lists those it takes. */
public final class MethodNotAllowedProblem extends ProblemException {
  private static final long serialVersionUID = 1L;

  /** The path's methods, as the {@code Allow} header lists them, or null when unknown. */
  public MethodNotAllowedProblem(String detail, String allow) {
    super(
        405,
        "method-not-allowed",
        "Method Not Allowed",
        detail,
        null,
        allow == null ? Map.of() : Map.of("Allow", allow));
  }
}
