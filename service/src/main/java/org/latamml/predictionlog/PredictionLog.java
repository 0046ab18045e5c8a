package org.latamml.predictionlog;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
 * bounded queue and goes on; one thread writes them in batches, a transaction per batch. When the
 * queue is full, entries are dropped and counted ({@code
 * latam_prediction_log_entries_total{outcome="dropped"}}): a request never waits for the log.
 */
@Singleton
public class PredictionLog {
  private static final Logger LOG = Logger.getLogger(PredictionLog.class);
  private static final String INSERT =
      "INSERT INTO prediction_log (logged_at, request_id, route, flight_id, airline_code,"
          + " airline, flight_number, scheduled_departure, model_version, probability, delayed,"
          + " shadow, fallback, input_digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final int BATCH = 2_000;
  private static final int ATTEMPTS = 3;

  private final boolean enabled;
  private final DataSource dataSource;
  private final BlockingQueue<LoggedPrediction> waiting;
  private final LongAdder dropped = new LongAdder();
  private final LongAdder written = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final Set<LocalDate> partitions = ConcurrentHashMap.newKeySet();
  private final Thread writer;
  private volatile boolean stopping;
  private volatile boolean busy;
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
            java.util.Map.entry("written", written),
            java.util.Map.entry("dropped", dropped),
            java.util.Map.entry("failed", failed))) {
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
    if (enabled && !waiting.offer(entry)) {
      dropped.increment();
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
   * Waits until every entry queued before the call is written or failed, at most {@code millis}.
   */
  public boolean flush(long millis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (!waiting.isEmpty() || busy) {
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
        busy = true;
        batch.add(first);
        waiting.drainTo(batch, BATCH - 1);
        writeWithRetries(batch);
      } catch (InterruptedException e) {
        stopping = true;
      } finally {
        batch.clear();
        busy = false;
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
        if (attempt == ATTEMPTS || stopping) {
          failed.add(batch.size());
          LOG.warnf(
              "prediction log: %d entries lost, the store refused them %d times: %s",
              batch.size(), attempt, e.getMessage());
          return;
        }
        Thread.sleep(500L * attempt);
      }
    }
  }

  private void write(List<LoggedPrediction> batch) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      ensurePartitions(connection, batch);
      connection.setAutoCommit(false);
      try {
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
          for (LoggedPrediction entry : batch) {
            bind(insert, entry);
            insert.addBatch();
          }
          insert.executeBatch();
        }
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    }
  }

  private static void bind(PreparedStatement insert, LoggedPrediction entry) throws SQLException {
    insert.setObject(1, utc(entry.loggedAtMillis()));
    insert.setString(2, entry.requestId());
    insert.setString(3, entry.route());
    if (entry.flightId() > 0) {
      insert.setLong(4, entry.flightId());
    } else {
      insert.setNull(4, Types.BIGINT);
    }
    insert.setString(5, entry.airlineCode());
    insert.setString(6, entry.airline());
    insert.setString(7, entry.flightNumber());
    insert.setObject(8, entry.scheduledDeparture());
    insert.setString(9, entry.modelVersion());
    insert.setDouble(10, entry.probability());
    insert.setBoolean(11, entry.delayed());
    insert.setBoolean(12, entry.shadow());
    insert.setBoolean(13, entry.fallback());
    insert.setString(14, entry.digestHex());
  }

  /**
   * On PostgreSQL, each day's partition before its first entry, committed on its own: retention
   * drops whole days.
   */
  private void ensurePartitions(Connection connection, List<LoggedPrediction> batch)
      throws SQLException {
    if (partitioned == null) {
      partitioned = connection.getMetaData().getDatabaseProductName().equals("PostgreSQL");
    }
    if (!partitioned) {
      return;
    }
    for (LoggedPrediction entry : batch) {
      LocalDate day = dayOf(entry.loggedAtMillis());
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

  @PreDestroy
  void close() {
    stopping = true;
    try {
      writer.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
