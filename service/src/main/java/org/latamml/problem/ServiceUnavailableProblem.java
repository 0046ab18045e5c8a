package org.latamml.problem;

import java.util.Map;

/** 503: the service cannot answer now; {@code Retry-After} says when to try again. */
public final class ServiceUnavailableProblem extends ProblemException {
  private static final long serialVersionUID = 1L;

  /** {@code slug} names the cause, such as {@code overloaded} or {@code keys-unavailable}. */
  public ServiceUnavailableProblem(String slug, String detail, int retryAfterSeconds) {
    super(
        503,
        slug,
        "Service Unavailable",
        detail,
        null,
        Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
  }
}
