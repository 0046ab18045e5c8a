package org.latamml.prediction;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.util.function.Supplier;

/**
 * Where a request's work runs: on the event loop when it cannot block (flights in memory, scores
 * computed on the CPU), which saves a thread hand-off per request; on a worker thread when it may
 * wait for the database.
 */
public final class Dispatch {
  private Dispatch() {}

  /** The work's result, computed here when {@code nonBlocking}, else on a worker thread. */
  public static <T> Uni<T> answer(boolean nonBlocking, Supplier<T> work) {
    if (nonBlocking) {
      return Uni.createFrom().item(work.get());
    }
    return Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
  }
}
