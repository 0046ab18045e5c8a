package org.latamml.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.concurrent.FastThreadLocal;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Deadlines on a real Vert.x event loop: those settled in time pass unseen, the others expire. */
class BodyDeadlinesTest {
  private static final long TIMEOUT_MILLIS = 200;

  private final Vertx vertx = Vertx.vertx();
  private final List<String> expired = new CopyOnWriteArrayList<>();
  private final FastThreadLocal<BodyDeadlines<String>> deadlines =
      BodyDeadlines.perLoop(TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS), expired::add);
  private final ContextInternal loop = (ContextInternal) vertx.getOrCreateContext();

  @AfterEach
  void close() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  private <R> R onTheLoop(Supplier<R> work) throws Exception {
    CompletableFuture<R> done = new CompletableFuture<>();
    loop.runOnContext(ignored -> done.complete(work.get()));
    return done.get(5, TimeUnit.SECONDS);
  }

  private BodyDeadlines.Deadline<String> start(String awaited) throws Exception {
    return onTheLoop(() -> deadlines.get().start(awaited, loop));
  }

  @Test
  void expiresOnlyTheUnsettledInTheOrderTheyStarted() throws Exception {
    start("first");
    BodyDeadlines.Deadline<String> settled = start("second");
    start("third");
    BodyDeadlines.Deadline<String> last = start("fourth");

    onTheLoop(() -> {
      deadlines.get().settle(settled);
      deadlines.get().settle(last);
      return null;
    });
    Thread.sleep(TIMEOUT_MILLIS * 3);

    assertThat(expired).containsExactly("first", "third");
  }

  @Test
  void expiresNothingBeforeItsTime() throws Exception {
    long begun = System.nanoTime();
    start("early");
    Thread.sleep(TIMEOUT_MILLIS / 4);
    List<String> seen = List.copyOf(expired);
    // A machine slow enough to oversleep the deadline proves nothing either way.
    boolean early = System.nanoTime() - begun < TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS);

    if (early) {
      assertThat(seen).isEmpty();
    }
    Thread.sleep(TIMEOUT_MILLIS * 3);
    assertThat(expired).containsExactly("early");
  }

  @Test
  void takesASettlingFromAnotherThreadAndStaysArmedForTheNext() throws Exception {
    BodyDeadlines.Deadline<String> first = start("answered by a worker");
    BodyDeadlines<String> list = onTheLoop(deadlines::get);

    list.settle(first);
    Thread.sleep(TIMEOUT_MILLIS * 2);
    start("stalled");
    list.settle(first);
    Thread.sleep(TIMEOUT_MILLIS * 3);

    assertThat(expired).containsExactly("stalled");
  }
}
