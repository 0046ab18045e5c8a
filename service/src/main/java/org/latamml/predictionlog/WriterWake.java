package org.latamml.predictionlog;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * How requests wake the log's writer before its time: the writer announces each wait, a request
 * past half the room wakes it once, and the writer looks again after every wake. Each look is
 * announced anew, so that a wake spent on a look that found too little (a request's room given back
 * in between) leaves the writer wakeable: announced once a wait, such a wake left it asleep until
 * its time while the room filled, and at 1.9 million predictions a second up to a fifth of them was
 * dropped (docs/PERFORMANCE.md, "The prediction log at 60,000-80,000 predictions a second").
 */
final class WriterWake {
  // Set while the writer is about to look or parked: the one request that clears it unparks it,
  // rather than every request past half calling unpark while a write lasts.
  private final AtomicBoolean waits = new AtomicBoolean();
  private volatile Thread waiter;

  /**
   * Parks the calling thread until {@code ready} holds, looked at before each park, or {@code
   * nanos} have passed. Never interrupted: callers may hold files an interrupt would close.
   */
  void await(long nanos, BooleanSupplier ready) {
    waiter = Thread.currentThread();
    long deadline = System.nanoTime() + nanos;
    try {
      for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
        // Announced before the look: a request that made it ready after the look finds the
        // announcement and unparks (a permit given before the park makes the park return).
        waits.set(true);
        if (ready.getAsBoolean()) {
          return;
        }
        LockSupport.parkNanos(left);
      }
    } finally {
      waits.set(false);
    }
  }

  /** Wakes the waiting thread, if one waits and no other request has woken it since it looked. */
  void wakeIfWaiting() {
    if (waits.get() && waits.compareAndSet(true, false)) {
      LockSupport.unpark(waiter);
    }
  }
}
