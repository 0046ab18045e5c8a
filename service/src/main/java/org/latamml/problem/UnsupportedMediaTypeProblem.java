package org.latamml.problem;

/** 415: the body is not sent as the route's media type. */
public final class UnsupportedMediaTypeProblem extends ProblemException {
  private static final long serialVersionUID = 1L;

  /** What to send instead. */
  public UnsupportedMediaTypeProblem(String detail) {
    super(415, "unsupported-media-type", "Unsupported Media Type", detail, null);
  }
}
