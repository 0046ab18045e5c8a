package org.latamml.store;

/**
 * Whether the JVM is exiting: H2's own hook then closes the embedded database under background work
 * still running, whose failures are the stop's, not the store's, and are not logged as such.
 */
public final class JvmExit {
  private JvmExit() {}

  /** True once the JVM has begun to run its shutdown hooks. */
  public static boolean underway() {
    Thread probe = new Thread(() -> {});
    try {
      Runtime.getRuntime().addShutdownHook(probe);
    } catch (IllegalStateException e) {
      // The JVM refuses hooks once it runs them: the only way it tells that it is exiting.
      return true;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(probe);
    } catch (IllegalStateException e) {
      // The exit began between the two calls.
      return true;
    }
    return false;
  }
}
