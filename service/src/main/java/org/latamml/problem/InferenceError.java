package org.latamml.problem;

/**
 * An error as the Open Inference Protocol (KServe v2) answers it, on its {@code /v2} routes.
 *
 * @param error the descriptive message: the problem's detail
 */
public record InferenceError(String error) {

  /** Whether {@code path} is one of the protocol's routes. */
  static boolean isItsPath(String path) {
    return path != null && (path.equals("/v2") || path.startsWith("/v2/"));
  }
}
