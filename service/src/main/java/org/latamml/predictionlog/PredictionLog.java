package org.latamml.predictionlog;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.jboss.logging.Logger;
import org.latamml.config.RefusedStart;
import org.latamml.config.ServiceSettings;

/**
 * Records every prediction in the store, off the request path: a request encodes its entries into
 * the open segment ({@link LogSegment.Builder}) and goes on; one thread takes what waits and writes
 * it, each segment a row, in one transaction, twice a second or as soon as half the room is taken.
 * Entries wait in at most {@code roomBytes} bytes (give or take a request's last entry): past that
 * they are dropped and counted ({@code latam_prediction_log_entries_total{outcome="dropped"}}), so
 * a request never waits for the log.
 */
@Singleton
public class PredictionLog {
  private static final Logger LOG = Logger.getLogger(PredictionLog.class);
  private static final String INSERT =
      "INSERT INTO prediction_log (instance_id, segment, first_logged_at, last_logged_at, entries,"
          + " body, log_seq) VALUES (?, ?, ?, ?, ?, ?, ?)";

  /** The longest a segment spans: a reader looks that far before a time for its entries. */
  static final long MAX_SPAN_MILLIS = 60_000;

  // Each commit costs the store a write of its own, whatever it holds.
  private static final Duration GATHER = Duration.ofMillis(500);
  private static final int ATTEMPTS = 3;
  // The room a request takes for each of its entries before it encodes them, and gives back what
  // they did not use: more than an entry written whole takes with its context and the texts of a
  // first request (an entry longer still passes the room by itself alone). Taken for at most
  // RESERVED_AT_ONCE entries at a time, so that a board of 5,000 flights holds 16 KiB of the room
  // at most while it encodes, not all of it.
  private static final int RESERVED_PER_ENTRY = 512;
  private static final int RESERVED_AT_ONCE = 32;

  /** The smallest room: a few entries written whole. */
  static final long MIN_ROOM_BYTES = 1024;

  // The room unless set: 2 MiB, as ./latam serve's 112 MB heap can hold beside its flights (8 MiB
  // made it collect the whole heap back to back), or a 64th of a larger heap, so that an instance
  // with memory to spare rides out a longer stall of the store (a failover) without dropping:
  // about 9 MiB in the image's 1 GiB container, 100 s of 1,000 predictions a second written whole
  // (docs/PERFORMANCE.md, "The prediction log at 60,000-80,000 predictions a second").
  private static final long DEFAULT_ROOM_BYTES = 2L << 20;
  private static final long HEAP_PER_ROOM_BYTE = 64;
  // A segment is sealed by its span, not its size: a room of gigabytes would make rows past what
  // a bytea holds (1 GB) and builders past an int's reach.
  private static final long LARGEST_DEFAULT_ROOM_BYTES = 64L << 20;

  private final boolean enabled;
  private final DataSource dataSource;
  private final long roomBytes;
  // Bytes waiting past which the writer goes at once.
  private final long halfRoom;
  private final long gatherNanos;
  // Each request thread appends to a stripe of its own (its open segment and the ones sealed since
  // the writer last took them, under the stripe's lock): one lock for every event loop made them
  // queue behind each other (docs/PERFORMANCE.md, "The prediction log's stripes").
  private final Stripe[] stripes;
  private final AtomicInteger nextStripe = new AtomicInteger();
  private final ThreadLocal<Stripe> stripe;
  // Entries recorded and not yet taken by the writer, whichever stripe holds them, and their bytes
  // with the room requests have taken and not yet given back.
  private final AtomicInteger waiting = new AtomicInteger();
  private final AtomicLong waitingBytes = new AtomicLong();
  // A request that finds half the room taken wakes the writer waiting for its time.
  private final WriterWake wake = new WriterWake();
  private final LongAdder queued = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder written = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final Set<LocalDate> partitions = ConcurrentHashMap.newKeySet();
  private final Thread writer;
  // Which instance writes, and how many segments it wrote: a segment's place in the log.
  private final String instanceId = UUID.randomUUID().toString();
  private long segments;
  private volatile boolean stopping;
  private Boolean partitioned;

  @Inject
  PredictionLog(ServiceSettings settings, DataSource dataSource, MeterRegistry metrics) {
    this(
        settings.predictionLog().enabled(),
        settings
            .predictionLog()
            .roomBytes()
            .orElseGet(() -> defaultRoomBytes(Runtime.getRuntime().maxMemory())),
        dataSource,
        metrics);
    settings
        .predictionLog()
        .capacity()
        .ifPresent(entries ->
            LOG.warnf(
                "latam.prediction-log.capacity (%d entries) is no longer read: the log's room"
                    + " is counted in bytes, latam.prediction-log.room-bytes"
                    + " (LATAM_PREDICTION_LOG_ROOM_BYTES), %d now",
                entries, roomBytes));
  }

  /** The room when none is set, for a heap of at most {@code maxHeapBytes}. */
  static long defaultRoomBytes(long maxHeapBytes) {
    return Math.clamp(
        maxHeapBytes / HEAP_PER_ROOM_BYTE, DEFAULT_ROOM_BYTES, LARGEST_DEFAULT_ROOM_BYTES);
  }

  PredictionLog(boolean enabled, long roomBytes, DataSource dataSource, MeterRegistry metrics) {
    this(enabled, roomBytes, GATHER, dataSource, metrics);
  }

  /** A log whose writer gathers for {@code gather} unless half its room is taken first. */
  PredictionLog(
      boolean enabled,
      long roomBytes,
      Duration gather,
      DataSource dataSource,
      MeterRegistry metrics) {
    if (roomBytes < MIN_ROOM_BYTES) {
      throw RefusedStart.because(
          "LATAM_PREDICTION_LOG_ROOM_BYTES must be at least "
              + MIN_ROOM_BYTES
              + " (a few entries), got "
              + roomBytes);
    }
    this.enabled = enabled;
    this.dataSource = dataSource;
    this.roomBytes = roomBytes;
    this.halfRoom = roomBytes / 2;
    this.gatherNanos = gather.toNanos();
    this.stripes = new Stripe[Math.max(1, Runtime.getRuntime().availableProcessors())];
    for (int i = 0; i < stripes.length; i++) {
      stripes[i] = new Stripe();
    }
    this.stripe =
        ThreadLocal.withInitial(
            () -> stripes[Math.floorMod(nextStripe.getAndIncrement(), stripes.length)]);
    // The log itself is each counter's state: a registry holds its state weakly, and a lambda held
    // by nothing else was collected, leaving the counters at zero.
    for (var outcome :
        List.<Map.Entry<String, java.util.function.ToLongFunction<PredictionLog>>>of(
            Map.entry("written", PredictionLog::written),
            Map.entry("dropped", PredictionLog::dropped),
            Map.entry("failed", log -> log.failed.sum()))) {
      FunctionCounter.builder(
              "latam_prediction_log_entries",
              this,
              log -> (double) outcome.getValue().applyAsLong(log))
          .description(
              "prediction log entries: written, dropped (queue full) or failed (store refused)")
          .tags("outcome", outcome.getKey())
          .register(metrics);
    }
    Gauge.builder("latam_prediction_log_waiting", this, PredictionLog::waiting)
        .description("prediction log entries waiting to be written")
        .register(metrics);
    Gauge.builder("latam_prediction_log_waiting_bytes", this, PredictionLog::waitingBytes)
        .description(
            "bytes the prediction log's waiting entries take, with the room requests hold while"
                + " they encode theirs, of latam.prediction-log.room-bytes")
        .baseUnit("bytes")
        .register(metrics);
    Gauge.builder("latam_prediction_log_room_bytes", this, log -> log.roomBytes)
        .description(
            "bytes the prediction log's entries may take while they wait; past them they are"
                + " dropped (latam.prediction-log.room-bytes, or its default by the heap)")
        .baseUnit("bytes")
        .register(metrics);
    this.writer = new Thread(this::writeUntilStopped, "prediction-log");
    writer.setDaemon(true);
    if (enabled) {
      writer.start();
    }
  }

  /** Whether predictions are logged ({@code latam.prediction-log.enabled}). */
  public boolean isEnabled() {
    return enabled;
  }

  /** One thread's open segment and the segments it sealed, guarded by the stripe itself. */
  private static final class Stripe {
    private LogSegment.Builder open = new LogSegment.Builder();
    private LogSegment.Builder spare;
    private final List<LogSegment.Builder> sealed = new ArrayList<>();
    // Set when the writer has taken what waited for the last time.
    private boolean stopped;

    /** Moves the open segment to the sealed ones; the caller holds the stripe. */
    private void seal() {
      open.forgetRequests();
      sealed.add(open);
      open = spare == null ? new LogSegment.Builder() : spare;
      spare = null;
    }
  }

  /** Adds an entry to the open segment; drops and counts it when the log is full. Never waits. */
  public void record(LoggedPrediction entry) {
    recordAll(List.of(entry));
  }

  /**
   * Adds a request's entries to the open segment, in their order; drops and counts those past the
   * log's room. Never waits. The counts are shared by every event loop: one update a request, not
   * one an entry.
   */
  public void recordAll(List<LoggedPrediction> entries) {
    int count = entries.size();
    if (!enabled || count == 0) {
      return;
    }
    queued.add(count);
    // The request takes room for its entries before it encodes them, a few entries' worth at a
    // time, and only the room there is: a batch past it never crowds out other requests' entries.
    // What they did not use is given back.
    long reserved = reserve(count);
    if (reserved == 0) {
      dropped.add(count);
      return;
    }
    Stripe mine = stripe.get();
    int appended = 0;
    long used = 0;
    long after;
    synchronized (mine) {
      int entryFrom = -1;
      try {
        // Past the writer's last turn at shutdown, an entry would never be written: counted.
        if (mine.stopped) {
          return;
        }
        for (; appended < count; appended++) {
          if (used >= reserved) {
            long more = reserve(count - appended);
            if (more == 0) {
              break;
            }
            reserved += more;
          }
          LoggedPrediction entry = entries.get(appended);
          if (mine.open.entries() > 0
              && Math.abs(entry.loggedAtMillis() - mine.open.firstMillis())
                  >= MAX_SPAN_MILLIS / 2) {
            mine.seal();
          }
          // An entry's size is known once encoded: the last one may pass the room taken for it.
          entryFrom = mine.open.size();
          mine.open.append(entry);
          used += mine.open.size() - entryFrom;
          entryFrom = -1;
        }
      } finally {
        // An entry that failed half-written still takes its bytes in the segment.
        if (entryFrom >= 0) {
          used += mine.open.size() - entryFrom;
        }
        // Settled before the stripe is let go: the writer takes its bytes as they are.
        after = waitingBytes.addAndGet(used - reserved);
        waiting.addAndGet(appended);
        if (appended < count) {
          dropped.add(count - appended);
        }
      }
    }
    // Half the room taken, the writer goes now: waiting out its half second, it wrote at most the
    // room twice a second and the rest was dropped while the store sat idle (docs/PERFORMANCE.md,
    // "The prediction log's writer, woken at half its room").
    if (after >= halfRoom) {
      wake.wakeIfWaiting();
    }
  }

  /** Takes room for up to {@link #RESERVED_AT_ONCE} of {@code entries}: what there is, or 0. */
  private long reserve(int entries) {
    long wanted = (long) Math.min(entries, RESERVED_AT_ONCE) * RESERVED_PER_ENTRY;
    while (true) {
      long before = waitingBytes.get();
      long reserved = Math.min(wanted, Math.max(0, roomBytes - before));
      if (reserved == 0 || waitingBytes.compareAndSet(before, before + reserved)) {
        return reserved;
      }
    }
  }

  /** The segments waiting, each open one sealed first; nothing waits afterwards. */
  private List<LogSegment.Builder> take(boolean last) {
    List<LogSegment.Builder> taken = new ArrayList<>();
    for (Stripe each : stripes) {
      synchronized (each) {
        each.stopped = last;
        if (each.open.entries() > 0) {
          each.seal();
        }
        taken.addAll(each.sealed);
        each.sealed.clear();
      }
    }
    waiting.addAndGet(-taken.stream().mapToInt(LogSegment.Builder::entries).sum());
    waitingBytes.addAndGet(-taken.stream().mapToLong(LogSegment.Builder::size).sum());
    return taken;
  }

  /**
   * Keeps a written segment's room for the next: a segment grown to the load stays grown, rather
   * than grow again from nothing at every write (the grown arrays outlive young collections and
   * fill the old generation). The room bounds its size.
   */
  private void giveBack(List<LogSegment.Builder> written) {
    int next = 0;
    for (LogSegment.Builder builder : written) {
      builder.clear();
      while (next < stripes.length) {
        Stripe each = stripes[next++];
        synchronized (each) {
          if (each.spare == null) {
            each.spare = builder;
            break;
          }
        }
      }
    }
  }

  /** Entries dropped so far because the queue was full. */
  public long dropped() {
    return dropped.sum();
  }

  /** Entries lost so far because the store refused them. */
  long failed() {
    return failed.sum();
  }

  /** Entries waiting to be taken by the writer now. */
  int waiting() {
    return waiting.get();
  }

  /** The bytes entries waiting take now, with the room requests encoding entries have taken. */
  long waitingBytes() {
    return waitingBytes.get();
  }

  /** Entries written so far. */
  public long written() {
    return written.sum();
  }

  /**
   * Waits until every entry queued before the call is written, dropped or failed, at most {@code
   * millis}.
   */
  public boolean flush(long millis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    long goal = queued.sum();
    while (written.sum() + failed.sum() + dropped() < goal) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(5);
    }
    return true;
  }

  private void writeUntilStopped() {
    while (true) {
      boolean last = stopping;
      if (!last) {
        waitForItsTime();
      }
      List<LogSegment.Builder> taken = take(last);
      if (!taken.isEmpty()) {
        writeWithRetries(taken);
        giveBack(taken);
      }
      if (last) {
        return;
      }
    }
  }

  /**
   * Waits for its gather time, until half the room is taken, or until shutdown. Never interrupted:
   * an interrupt closes H2's files. Each wake is checked: a wake meant for a park inside a write or
   * a retry, or given while it was about to wait, only makes it look again.
   */
  private void waitForItsTime() {
    wake.await(gatherNanos, () -> stopping || waitingBytes.get() >= halfRoom);
  }

  /**
   * Writes the segments, trying again while the store cannot be reached (a failover, a restart: the
   * entries waiting meanwhile are bounded by the room, past which they are dropped and counted),
   * and three times for any other refusal, which trying again would not mend.
   */
  private void writeWithRetries(List<LogSegment.Builder> taken) {
    int entries = taken.stream().mapToInt(LogSegment.Builder::entries).sum();
    boolean told = false;
    for (int attempt = 1; ; attempt++) {
      try {
        write(taken);
        written.add(entries);
        if (told) {
          LOG.infof("prediction log: the store answers again; %d entries written", entries);
        }
        return;
      } catch (SQLException | RuntimeException e) {
        if (attempt > 1 && isWrittenAlready(e)) {
          // The try before committed, and only its reply was lost: the segments are in the store.
          segments += taken.size();
          written.add(entries);
          LOG.infof(
              "prediction log: %d entries were written by a try whose reply was lost", entries);
          return;
        }
        boolean unreachable = isUnreachable(e);
        if (stopping ? attempt >= ATTEMPTS : !unreachable && attempt >= ATTEMPTS) {
          failed.add(entries);
          LOG.warnf(
              "prediction log: %d entries lost, the store refused them %d times: %s",
              entries, attempt, e.getMessage());
          return;
        }
        if (unreachable && !told) {
          told = true;
          LOG.warnf(
              "prediction log: the store cannot be reached; trying again, %d entries in hand and"
                  + " up to %d bytes more waiting meanwhile: %s",
              entries, roomBytes, e.getMessage());
        }
        long millis = stopping ? 50L : Math.min(5_000L, 500L * attempt);
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(millis));
      }
    }
  }

  /**
   * Whether a failure says the store could not be reached, rather than that it refused what was
   * sent: a connection's failure (SQLSTATE class 08), a server shutting down, crashed or starting
   * (57P01-57P03, what PostgreSQL says through a restart), a transient or recoverable one, or no
   * connection to be had from the pool in time (Agroal says so in words alone).
   */
  static boolean isUnreachable(Throwable failure) {
    return anyInChain(
        failure,
        e -> {
          if (e instanceof java.sql.SQLTransientException
              || e instanceof java.sql.SQLRecoverableException) {
            return true;
          }
          if (e instanceof SQLException sql) {
            String state = sql.getSQLState();
            return (state != null && (state.startsWith("08") || state.startsWith("57P")))
                || String.valueOf(sql.getMessage()).contains("acquisition timeout");
          }
          return false;
        });
  }

  /**
   * Whether a write was refused because its segments are in the store already (their key, SQLSTATE
   * 23505): all of them were committed together by a try before it.
   */
  static boolean isWrittenAlready(Throwable failure) {
    return anyInChain(
        failure, e -> e instanceof SQLException sql && "23505".equals(sql.getSQLState()));
  }

  /**
   * Whether {@code test} holds for the failure or what caused it; a batch's refusal names the
   * statement's own in its next exception. Bounded: a chain may loop.
   */
  private static boolean anyInChain(Throwable failure, Predicate<Throwable> test) {
    Throwable e = failure;
    for (int depth = 0; e != null && depth < 20; depth++) {
      if (test.test(e)) {
        return true;
      }
      e =
          e instanceof SQLException sql && sql.getNextException() != null
              ? sql.getNextException()
              : e.getCause();
    }
    return false;
  }

  /**
   * Writes the segments, each a row, in one transaction, numbered from the log's clock row: its
   * lock, held until the commit, serialises the writers of every instance, so that a reader that
   * has read up to number n has missed nothing below it.
   */
  private void write(List<LogSegment.Builder> taken) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      ensurePartitions(connection, taken);
      connection.setAutoCommit(false);
      try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
        long seq = takeNumbers(connection, taken.size());
        long number = segments;
        for (LogSegment.Builder segment : taken) {
          insert.setString(1, instanceId);
          insert.setLong(2, number++);
          insert.setObject(3, utc(segment.firstMillis()));
          insert.setObject(4, utc(segment.lastMillis()));
          insert.setInt(5, segment.entries());
          insert.setBytes(6, segment.toSegment());
          insert.setLong(7, seq++);
          insert.addBatch();
        }
        insert.executeBatch();
        connection.commit();
        segments = number;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    }
  }

  /** Takes {@code count} numbers from the log's clock row; the first of them. */
  private static long takeNumbers(Connection connection, int count) throws SQLException {
    try (PreparedStatement tick =
        connection.prepareStatement("UPDATE prediction_log_clock SET seq = seq + ? WHERE id = 1")) {
      tick.setInt(1, count);
      tick.executeUpdate();
    }
    try (PreparedStatement read =
            connection.prepareStatement("SELECT seq FROM prediction_log_clock WHERE id = 1");
        java.sql.ResultSet rows = read.executeQuery()) {
      if (!rows.next()) {
        throw new SQLException("the prediction log's clock row is missing");
      }
      return rows.getLong(1) - count + 1;
    }
  }

  /**
   * On PostgreSQL, the partition of each segment's first day before the segment, committed on its
   * own: retention drops whole days.
   */
  private void ensurePartitions(Connection connection, List<LogSegment.Builder> taken)
      throws SQLException {
    if (partitioned == null) {
      partitioned = connection.getMetaData().getDatabaseProductName().equals("PostgreSQL");
    }
    if (!partitioned) {
      return;
    }
    for (LogSegment.Builder segment : taken) {
      LocalDate day = dayOf(segment.firstMillis());
      if (!partitions.contains(day)) {
        PredictionLogPartitions.create(connection, day);
        partitions.add(day);
      }
    }
  }

  /** The UTC day of a time in milliseconds, as partitions divide the log. */
  static LocalDate dayOf(long millis) {
    return utc(millis).toLocalDate();
  }

  /** A time in milliseconds as the log stores it: UTC, whatever the machine's zone. */
  static LocalDateTime utc(long millis) {
    return LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
  }

  /** At shutdown, while the store is still open: writes what waits, for at most five seconds. */
  void stop(@Observes ShutdownEvent event) {
    close();
  }

  /** Writes what waits, for at most five seconds of the shutdown's nine. */
  @PreDestroy
  void close() {
    stopping = true;
    LockSupport.unpark(writer);
    try {
      writer.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
