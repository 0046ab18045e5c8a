package org.latamml.predictionlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The writer's wait: woken by a request once it looked, and wakeable again after every look. */
class WriterWakeTest {
  private static final long HOUR = TimeUnit.HOURS.toNanos(1);

  private final WriterWake wake = new WriterWake();
  private final AtomicBoolean ready = new AtomicBoolean();
  private final AtomicInteger looks = new AtomicInteger();
  private final CountDownLatch returned = new CountDownLatch(1);
  private Thread writer;

  private void startWaiting(long nanos) {
    writer =
        new Thread(
            () -> {
              wake.await(
                  nanos,
                  () -> {
                    looks.incrementAndGet();
                    return ready.get();
                  });
              returned.countDown();
            },
            "writer-wake-test");
    writer.setDaemon(true);
    writer.start();
  }

  /** Until the writer has looked at least {@code times} times and is parked. */
  private void awaitParkedAfterLooks(int times) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    // At least: a park may also return of itself, and the writer then looks once more.
    while (!(looks.get() >= times && writer.getState() == Thread.State.TIMED_WAITING)) {
      assertThat(System.nanoTime())
          .as("the writer parked after look %d", times)
          .isLessThan(deadline);
      Thread.sleep(1);
    }
  }

  @AfterEach
  void release() {
    ready.set(true);
    wake.wakeIfWaiting();
  }

  @Test
  void aWakeSpentOnALookThatFoundTooLittleLeavesTheWriterWakeable() throws Exception {
    startWaiting(HOUR);
    awaitParkedAfterLooks(1);

    // A request past half whose room was given back before the writer looked.
    wake.wakeIfWaiting();
    awaitParkedAfterLooks(2);
    // Half the room taken for good: the next request's wake must reach it, not its hour.
    ready.set(true);
    wake.wakeIfWaiting();

    assertThat(returned.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(looks.get()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void returnsWithoutParkingWhenReadyBeforeItLooks() throws Exception {
    ready.set(true);
    startWaiting(HOUR);

    assertThat(returned.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(looks.get()).isEqualTo(1);
  }

  @Test
  void returnsAtItsTimeWhenNothingWakesIt() throws Exception {
    long begin = System.nanoTime();
    startWaiting(TimeUnit.MILLISECONDS.toNanos(200));

    assertThat(returned.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(System.nanoTime() - begin)
        .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(200));
  }
}
