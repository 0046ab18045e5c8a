package org.latamml.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LineWriterTest {

  /** Keeps what is written and the size of each write. */
  private static class RecordingStream extends OutputStream {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final List<byte[]> writes = new ArrayList<>();

    @Override
    public synchronized void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      bytes.write(b, off, len);
      writes.add(java.util.Arrays.copyOfRange(b, off, off + len));
    }

    synchronized List<String> lines() {
      String text = bytes.toString(StandardCharsets.UTF_8);
      return text.isEmpty() ? List.of() : List.of(text.split("\n", -1)).subList(0, count(text));
    }

    private static int count(String text) {
      return (int) text.chars().filter(c -> c == '\n').count();
    }
  }

  @Test
  void writesEveryLineWholeInOrderInWritesOfAtMostAChunk() {
    RecordingStream out = new RecordingStream();
    List<String> sent = new ArrayList<>();
    try (LineWriter writer = new LineWriter(out, 100_000, "test-lines")) {
      for (int i = 0; i < 20_000; i++) {
        String line = "{\"n\":" + i + ",\"pad\":\"" + "x".repeat(i % 300) + "\",\"é\":true}";
        sent.add(line);
        assertThat(writer.write(line)).isTrue();
      }
    }

    assertThat(out.lines()).isEqualTo(sent);
    assertThat(out.writes).hasSizeLessThan(sent.size() / 5);
    assertThat(out.writes)
        .allSatisfy(write -> {
          assertThat(write.length).isLessThanOrEqualTo(LineWriter.CHUNK);
          assertThat(write[write.length - 1]).isEqualTo((byte) '\n');
        });
  }

  @Test
  void writesALineLongerThanAChunkAloneAndWhole() {
    RecordingStream out = new RecordingStream();
    String longLine = "y".repeat(LineWriter.CHUNK * 2);
    try (LineWriter writer = new LineWriter(out, 10, "test-lines")) {
      writer.write("short");
      writer.write(longLine);
      writer.write("after");
    }

    assertThat(out.lines()).containsExactly("short", longLine, "after");
  }

  @Test
  void dropsAndCountsLinesBeyondItsCapacityInsteadOfBlocking() throws Exception {
    CountDownLatch writing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    RecordingStream out =
        new RecordingStream() {
          // Blocks outside the lock on purpose: the test reads the stream while this waits.
          @SuppressWarnings("UnsynchronizedOverridesSynchronized")
          @Override
          public void write(byte[] b, int off, int len) {
            writing.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            super.write(b, off, len);
          }
        };
    String line = "z".repeat(1_000);
    try (LineWriter writer = new LineWriter(out, 1, "test-lines")) {
      writer.write("first");
      assertThat(writing.await(5, TimeUnit.SECONDS)).isTrue();
      // The writer is stuck on "first": four lines fill a chunk, the next hands it to the one
      // waiting place, four more fill another, and then there is nowhere to put one.
      int accepted = 0;
      for (int i = 0; i < 15; i++) {
        accepted += writer.write(line + i) ? 1 : 0;
      }
      assertThat(accepted).isEqualTo(8);
      assertThat(writer.dropped()).isEqualTo(7);
      release.countDown();
    }

    assertThat(out.lines()).hasSize(9).startsWith("first", line + 0).endsWith(line + 7);
  }

  @Test
  void keepsEveryLineOfManyThreadsEachInItsOrder() throws Exception {
    RecordingStream out = new RecordingStream();
    int threads = 4;
    int perThread = 5_000;
    try (LineWriter writer = new LineWriter(out, 100_000, "test-lines")) {
      List<Thread> loggers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        loggers.add(
            Thread.ofPlatform()
                .start(() -> {
                  for (int i = 0; i < perThread; i++) {
                    writer.write(thread + ":" + i);
                  }
                }));
      }
      for (Thread logger : loggers) {
        logger.join();
      }
    }

    List<String> lines = out.lines();
    assertThat(lines).hasSize(threads * perThread).doesNotHaveDuplicates();
    for (int t = 0; t < threads; t++) {
      String prefix = t + ":";
      List<String> own = lines.stream().filter(l -> l.startsWith(prefix)).toList();
      for (int i = 0; i < perThread; i++) {
        assertThat(own.get(i)).isEqualTo(prefix + i);
      }
    }
  }

  @Test
  void countsTheLinesAStreamRefuses() {
    OutputStream broken =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            throw new IOException("closed");
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            throw new IOException("closed");
          }
        };
    LineWriter writer = new LineWriter(broken, 10, "test-lines");
    writer.write("a");
    writer.write("b");
    writer.close();

    assertThat(writer.failed()).isEqualTo(2);
  }
}
