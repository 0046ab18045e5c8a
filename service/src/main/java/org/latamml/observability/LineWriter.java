package org.latamml.observability;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes whole lines to an output stream from one thread of its own, many lines per write, so that
 * the threads that log never wait for the stream, never wake a writer per line and never contend on
 * a shared queue per line: on the request log, the log manager's async console handler and a shared
 * queue of lines each cost a measurable share of the service's throughput (docs/PERFORMANCE.md,
 * "The request log").
 *
 * <p>Each logging thread fills chunks of its own (lines in its order; lines of different threads
 * may interleave by a few milliseconds). A chunk holds whole lines and at most {@link #CHUNK}
 * bytes, so that each write to a pipe is atomic and lines from other writers to the same stream
 * never cut into ours. Full chunks wait in a bounded queue; when it is full, further lines are
 * counted in {@link #dropped()} and not kept: the callers are event loops, which must never block
 * on a slow reader of the log.
 */
public final class LineWriter implements AutoCloseable {
  /** PIPE_BUF on Linux: the largest write a pipe keeps whole. */
  static final int CHUNK = 4096;

  private static final long MIN_IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long MAX_IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final OutputStream out;
  private final BlockingQueue<Chunk> full;
  private final List<Chunk> filling = new CopyOnWriteArrayList<>();
  private final ThreadLocal<Chunk> mine;
  private final LongAdder dropped = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final Thread thread;
  private volatile boolean closing;

  /**
   * Starts the writing thread, named {@code name}; at most {@code waitingChunks} full chunks wait.
   */
  public LineWriter(OutputStream out, int waitingChunks, String name) {
    this.out = out;
    this.full = new ArrayBlockingQueue<>(waitingChunks);
    this.mine =
        ThreadLocal.withInitial(() -> {
          Chunk chunk = new Chunk();
          filling.add(chunk);
          return chunk;
        });
    this.thread = new Thread(this::run, name);
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Adds a line (without its newline), copied at once: the caller may reuse {@code line}. False
   * when it was dropped because too much waits. An ASCII line is copied straight into the chunk.
   */
  public boolean write(CharSequence line) {
    byte[] encoded = isAscii(line) ? null : (line + "\n").getBytes(StandardCharsets.UTF_8);
    int size = encoded == null ? line.length() + 1 : encoded.length;
    Chunk chunk = mine.get();
    synchronized (chunk) {
      if (chunk.fits(size)) {
        chunk.append(line, encoded);
        return true;
      }
      if (!chunk.isEmpty()) {
        Chunk detached = chunk.detach();
        if (!full.offer(detached)) {
          chunk.reattach(detached);
          dropped.increment();
          return false;
        }
      }
      if (size > CHUNK) {
        // Longer than a chunk: written alone, the one case a write may exceed PIPE_BUF.
        byte[] bytes = encoded != null ? encoded : (line + "\n").getBytes(StandardCharsets.UTF_8);
        if (full.offer(Chunk.of(bytes))) {
          return true;
        }
        dropped.increment();
        return false;
      }
      chunk.append(line, encoded);
      return true;
    }
  }

  private static boolean isAscii(CharSequence line) {
    for (int i = 0; i < line.length(); i++) {
      if (line.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /** Lines dropped because too many were waiting. */
  public long dropped() {
    return dropped.sum();
  }

  /** Lines lost because the stream refused a write. */
  public long failed() {
    return failed.sum();
  }

  /** Writes what waits, then stops the thread; waits up to five seconds for it. */
  @Override
  public void close() {
    closing = true;
    LockSupport.unpark(thread);
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    long idle = MIN_IDLE_NANOS;
    while (true) {
      boolean stopping = closing;
      if (drain() > 0) {
        idle = MIN_IDLE_NANOS;
      } else if (stopping) {
        return;
      } else {
        // Sleeps rather than waits to be woken: a wake-up per line is what this class avoids.
        LockSupport.parkNanos(idle);
        idle = Math.min(idle * 2, MAX_IDLE_NANOS);
      }
    }
  }

  /** Writes the full chunks, then whatever the logging threads have begun; how many lines. */
  private int drain() {
    int lines = 0;
    List<Chunk> ready = new ArrayList<>();
    for (Chunk chunk : filling) {
      // Under the thread's lock, its full chunks are all queued before its newest is taken: its
      // lines keep their order.
      synchronized (chunk) {
        full.drainTo(ready);
        if (!chunk.isEmpty()) {
          ready.add(chunk.detach());
        }
      }
    }
    for (Chunk chunk : ready) {
      lines += chunk.lines;
      try {
        out.write(chunk.bytes, 0, chunk.length);
        out.flush();
      } catch (IOException e) {
        failed.add(chunk.lines);
      }
    }
    return lines;
  }

  /** Whole lines laid end to end; guarded by its own lock while a logging thread fills it. */
  private static final class Chunk {
    private byte[] bytes;
    private int length;
    private int lines;

    Chunk() {
      this(new byte[CHUNK], 0, 0);
    }

    private Chunk(byte[] bytes, int length, int lines) {
      this.bytes = bytes;
      this.length = length;
      this.lines = lines;
    }

    boolean fits(int size) {
      return length + size <= CHUNK;
    }

    /** Appends a line and its newline: {@code encoded} when given, else the ASCII {@code line}. */
    void append(CharSequence line, byte[] encoded) {
      if (encoded != null) {
        System.arraycopy(encoded, 0, bytes, length, encoded.length);
        length += encoded.length;
      } else {
        for (int i = 0; i < line.length(); i++) {
          bytes[length++] = (byte) line.charAt(i);
        }
        bytes[length++] = '\n';
      }
      lines++;
    }

    boolean isEmpty() {
      return length == 0;
    }

    /** What this chunk holds, as a chunk of its own; this one starts again empty. */
    Chunk detach() {
      Chunk detached = new Chunk(bytes, length, lines);
      bytes = new byte[CHUNK];
      length = 0;
      lines = 0;
      return detached;
    }

    /** Takes back, right after {@link #detach}, what could not be handed on. */
    void reattach(Chunk detached) {
      bytes = detached.bytes;
      length = detached.length;
      lines = detached.lines;
    }

    static Chunk of(byte[] line) {
      return new Chunk(line, line.length, 1);
    }
  }
}
