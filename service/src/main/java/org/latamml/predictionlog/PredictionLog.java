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
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
import org.jboss.logging.Logger;
import org.latamml.config.ServiceSettings;

/**
 * Records every prediction in the store, off the request path: a request puts its entries in a
 * bounded queue and goes on; one thread writes them in batches, each batch a transaction of a few
 * segments ({@link LogSegment}). When the queue is full, entries are dropped and counted ({@code
 * latam_prediction_log_entries_total{outcome="dropped"}}): a request never waits for the log.
 */
@Singleton
public class PredictionLog {
  private static final Logger LOG = Logger.getLogger(PredictionLog.class);
  private static final String INSERT =
      "INSERT INTO prediction_log (instance_id, segment, first_logged_at, last_logged_at, entries,"
          + " body) VALUES (?, ?, ?, ?, ?, ?)";

  /** The longest a segment spans: a reader looks that far before a time for its entries. */
  static final long MAX_SPAN_MILLIS = 60_000;

  private static final int BATCH = 10_000;
  private static final long GATHER_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
  private static final int ATTEMPTS = 3;

  private final boolean enabled;
  private final DataSource dataSource;
  private final BlockingQueue<LoggedPrediction> waiting;
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
        settings.predictionLog().capacity(),
        dataSource,
        metrics);
  }

  PredictionLog(boolean enabled, int capacity, DataSource dataSource, MeterRegistry metrics) {
    this.enabled = enabled;
    this.dataSource = dataSource;
    this.waiting = new ArrayBlockingQueue<>(capacity);
    for (var outcome :
        List.of(
            Map.entry("written", written),
            Map.entry("dropped", dropped),
            Map.entry("failed", failed))) {
      FunctionCounter.builder(
              "latam_prediction_log_entries", outcome.getValue(), LongAdder::doubleValue)
          .description(
              "prediction log entries: written, dropped (queue full) or failed (store refused)")
          .tags("outcome", outcome.getKey())
          .register(metrics);
    }
    Gauge.builder("latam_prediction_log_waiting", waiting, BlockingQueue::size)
        .description("prediction log entries waiting to be written")
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

  /** Queues an entry; drops and counts it when the queue is full. Never waits. */
  public void record(LoggedPrediction entry) {
    if (enabled) {
      queued.increment();
      if (!waiting.offer(entry)) {
        dropped.increment();
      }
    }
  }

  /** Entries dropped so far because the queue was full. */
  public long dropped() {
    return dropped.sum();
  }

  /** Entries waiting to be written now. */
  int waiting() {
    return waiting.size();
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
    while (written.sum() + failed.sum() + dropped.sum() < goal) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(5);
    }
    return true;
  }

  private void writeUntilStopped() {
    List<LoggedPrediction> batch = new ArrayList<>(BATCH);
    while (!stopping || !waiting.isEmpty()) {
      try {
        LoggedPrediction first = waiting.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        // A batch gathers for up to half a second: each commit costs the store a write of its
        // own, whatever it holds.
        long until = System.nanoTime() + GATHER_NANOS;
        while (batch.size() < BATCH && System.nanoTime() < until && !stopping) {
          waiting.drainTo(batch, BATCH - batch.size());
          if (batch.size() < BATCH) {
            Thread.sleep(20);
          }
        }
        waiting.drainTo(batch, BATCH - batch.size());
        writeWithRetries(batch);
      } catch (InterruptedException e) {
        stopping = true;
      } finally {
        batch.clear();
      }
    }
  }

  private void writeWithRetries(List<LoggedPrediction> batch) throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        write(batch);
        written.add(batch.size());
        return;
      } catch (SQLException | RuntimeException e) {
        if (attempt == ATTEMPTS) {
          failed.add(batch.size());
          LOG.warnf(
              "prediction log: %d entries lost, the store refused them %d times: %s",
              batch.size(), attempt, e.getMessage());
          return;
        }
        Thread.sleep(stopping ? 50L : 500L * attempt);
      }
    }
  }

  /** Writes a batch as segments, each spanning less than {@link #MAX_SPAN_MILLIS}, in one go. */
  private void write(List<LoggedPrediction> batch) throws SQLException {
    List<List<LoggedPrediction>> split = new ArrayList<>();
    int from = 0;
    for (int i = 1; i <= batch.size(); i++) {
      if (i == batch.size()
          || Math.abs(batch.get(i).loggedAtMillis() - batch.get(from).loggedAtMillis())
              >= MAX_SPAN_MILLIS / 2) {
        split.add(batch.subList(from, i));
        from = i;
      }
    }
    try (Connection connection = dataSource.getConnection()) {
      ensurePartitions(connection, split);
      connection.setAutoCommit(false);
      try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
        long number = segments;
        for (List<LoggedPrediction> segment : split) {
          long first = Long.MAX_VALUE;
          long last = Long.MIN_VALUE;
          for (LoggedPrediction entry : segment) {
            first = Math.min(first, entry.loggedAtMillis());
            last = Math.max(last, entry.loggedAtMillis());
          }
          insert.setString(1, instanceId);
          insert.setLong(2, number++);
          insert.setObject(3, utc(first));
          insert.setObject(4, utc(last));
          insert.setInt(5, segment.size());
          insert.setBytes(6, LogSegment.encode(segment));
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

  /**
   * On PostgreSQL, the partition of each segment's first day before the segment, committed on its
   * own: retention drops whole days.
   */
  private void ensurePartitions(Connection connection, List<List<LoggedPrediction>> split)
      throws SQLException {
    if (partitioned == null) {
      partitioned = connection.getMetaData().getDatabaseProductName().equals("PostgreSQL");
    }
    if (!partitioned) {
      return;
    }
    for (List<LoggedPrediction> segment : split) {
      long first = segment.stream().mapToLong(LoggedPrediction::loggedAtMillis).min().orElseThrow();
      LocalDate day = dayOf(first);
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
    try {
      writer.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
