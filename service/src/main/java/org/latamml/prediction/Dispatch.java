package org.latamml.prediction;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.util.function.Supplier;
import org.latamml.app.WouldBlock;

/**
 * Where a request's work runs: on the event loop when it cannot block (flights in memory, scores
 * computed on the CPU), which saves a thread hand-off per request; on a worker thread when it may
 * wait for the database.
 */
public final class Dispatch {
  private Dispatch() {}

  /**
   * The work's result, computed here when {@code nonBlocking}, else on a worker thread; also there
   * when the work, tried here, finds it must read the database ({@link WouldBlock}).
   */
  public static <T> Uni<T> answer(boolean nonBlocking, Supplier<T> work) {
    if (nonBlocking) {
      try {
        return Uni.createFrom().item(work.get());
      } catch (WouldBlock mustWait) {
        // The rare request whose data is not in memory: it waits on a worker thread instead.
      }
    }
    return Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
  }
}
