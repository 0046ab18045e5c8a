package org.latamml.problem;

/** 500: the service failed; the failure is logged, and nothing of it is sent. */
public final class InternalProblem extends ProblemException {
  private static final long serialVersionUID = 1L;

  /** The one detail sent for every internal failure. */
  public InternalProblem() {
    super(
        500,
        "internal",
        "Internal Server Error",
        "the service failed to answer; see its log",
        null);
  }
}
