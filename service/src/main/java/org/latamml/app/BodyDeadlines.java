package org.latamml.app;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.impl.ContextInternal;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The bodies awaited on one event loop, in the order their deadlines fall: every body has the same
 * time to arrive, so a list in arrival order is also in deadline order, a request's deadline is
 * added and taken away in constant time, and one timer is armed, for the earliest. Netty's
 * scheduled tasks kept every deadline in a heap, each added and cancelled at a request's cost
 * (docs/PERFORMANCE.md, "Body deadlines in a list").
 *
 * @param <T> what is told its deadline passed
 */
final class BodyDeadlines<T> {

  /** One awaited body, settled when its request ends. */
  static final class Deadline<T> {
    private final long due;
    private final ContextInternal context;
    private T awaited;
    private Deadline<T> previous;
    private Deadline<T> next;

    private Deadline(T awaited, ContextInternal context, long due) {
      this.awaited = awaited;
      this.context = context;
      this.due = due;
    }
  }

  private final EventLoop loop;
  private final long timeoutNanos;
  private final Consumer<T> expire;
  private Deadline<T> first;
  private Deadline<T> last;
  private ScheduledFuture<?> armed;

  private BodyDeadlines(EventLoop loop, long timeoutNanos, Consumer<T> expire) {
    this.loop = loop;
    this.timeoutNanos = timeoutNanos;
    this.expire = expire;
  }

  /** Each event loop's own list: only its thread adds to it, arms it and takes from it. */
  static <T> FastThreadLocal<BodyDeadlines<T>> perLoop(long timeoutNanos, Consumer<T> expire) {
    return new FastThreadLocal<>() {
      @Override
      protected BodyDeadlines<T> initialValue() {
        ContextInternal context = (ContextInternal) io.vertx.core.Vertx.currentContext();
        return new BodyDeadlines<>(context.nettyEventLoop(), timeoutNanos, expire);
      }
    };
  }

  /**
   * Starts {@code awaited}'s deadline, on its event loop; when it passes unsettled, {@code expire}
   * is told on {@code context}.
   */
  Deadline<T> start(T awaited, ContextInternal context) {
    if (!loop.inEventLoop()) {
      // The list is its loop's alone, unguarded: HTTP filters run on the request's event loop.
      throw new IllegalStateException("a body's deadline starts on its event loop");
    }
    Deadline<T> deadline = new Deadline<>(awaited, context, System.nanoTime() + timeoutNanos);
    if (last == null) {
      first = deadline;
    } else {
      last.next = deadline;
      deadline.previous = last;
    }
    last = deadline;
    if (armed == null) {
      arm(deadline.due);
    }
    return deadline;
  }

  /** Ends a deadline, from any thread (a resource answers from a worker). */
  void settle(Deadline<T> deadline) {
    if (loop.inEventLoop()) {
      remove(deadline);
    } else {
      loop.execute(() -> remove(deadline));
    }
  }

  private void remove(Deadline<T> deadline) {
    if (deadline.awaited == null) {
      return;
    }
    deadline.awaited = null;
    if (deadline.previous == null) {
      first = deadline.next;
    } else {
      deadline.previous.next = deadline.next;
    }
    if (deadline.next == null) {
      last = deadline.previous;
    } else {
      deadline.next.previous = deadline.previous;
    }
    deadline.previous = null;
    deadline.next = null;
  }

  private void arm(long due) {
    armed = loop.schedule(this::expireDue, due - System.nanoTime(), TimeUnit.NANOSECONDS);
  }

  // The earliest deadline may have been settled since the timer was armed: then it fires early,
  // finds nothing due, and is armed again for the one now first.
  private void expireDue() {
    armed = null;
    long now = System.nanoTime();
    while (first != null && first.due - now <= 0) {
      Deadline<T> passed = first;
      T awaited = passed.awaited;
      remove(passed);
      passed.context.runOnContext(ignored -> expire.accept(awaited));
    }
    if (first != null) {
      arm(first.due);
    }
  }
}
