package org.latamml.testing;

import java.util.ArrayList;
import java.util.List;

/** What the service logged at ERROR (or another level) while a test's call ran. */
public final class LoggedErrors {
  private LoggedErrors() {}

  /** Runs {@code call} and answers the messages of what was logged at ERROR (SEVERE) meanwhile. */
  public static List<String> during(java.util.concurrent.Callable<?> call) throws Exception {
    return during(java.util.logging.Level.SEVERE, call);
  }

  /** Runs {@code call} and answers the messages of what was logged at {@code level} or above. */
  public static List<String> during(
      java.util.logging.Level level, java.util.concurrent.Callable<?> call) throws Exception {
    List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
    java.util.logging.Handler collector =
        new java.util.logging.Handler() {
          @Override
          public void publish(java.util.logging.LogRecord record) {
            if (record.getLevel().intValue() >= level.intValue()) {
              errors.add(record.getMessage());
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
    root.addHandler(collector);
    try {
      call.call();
      Thread.sleep(500);
      return List.copyOf(errors);
    } finally {
      root.removeHandler(collector);
    }
  }
}
