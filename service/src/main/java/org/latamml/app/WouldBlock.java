package org.latamml.app;

/**
 * Thrown instead of waiting for the database on an event loop: work that usually answers from
 * memory met the rare case that must read (a day of departures not in memory), and is handed to a
 * worker thread ({@link org.latamml.prediction.Dispatch}, {@link EventLoopRoutes}).
 */
public final class WouldBlock extends RuntimeException {
  private static final long serialVersionUID = 1L;

  // No stack trace is made: it is control flow, caught a few frames up.
  private WouldBlock() {
    super("would block an event loop", null, false, false);
  }

  /** Throws unless the calling thread may block: it must not be one of Vert.x's event loops. */
  public static void unlessMayBlock() {
    if (io.vertx.core.Context.isOnEventLoopThread()) {
      throw new WouldBlock();
    }
  }
}
