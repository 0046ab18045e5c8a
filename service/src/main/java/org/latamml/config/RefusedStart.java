package org.latamml.config;

import io.quarkus.runtime.PreventFurtherStepsException;

/**
 * A start the service refuses, for a reason its operator can fix: Quarkus prints the one line and
 * exits with code 2, with no stack trace.
 */
public final class RefusedStart {
  private RefusedStart() {}

  /** The exception to throw from a bean created at start, with {@code line} as all it prints. */
  public static RuntimeException because(String line) {
    // At the root of a failed start Quarkus prints a PreventFurtherStepsException's message alone
    // and exits with its code; thrown bare from a bean, it would end the start silently.
    return new IllegalStateException(
        line, new PreventFurtherStepsException("latam serve: cannot start: " + line, 2));
  }
}
