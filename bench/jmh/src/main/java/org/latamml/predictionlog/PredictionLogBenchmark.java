package org.latamml.predictionlog;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the prediction log costs per prediction, in its two parts: a request encoding its entry into
 * the open segment ({@link #encodeOneEntry}), and the writer inserting a half-second's segment at
 * 37,000 predictions a second into H2 as one row ({@link #writeHalfSecondSegment}, to be divided by
 * {@link #HALF_SECOND}). Entries as {@code POST /predict-flight} makes them: a random request id, a
 * stored flight of 2017; and a request of 100 flights sent again ({@link #encodeABatchSentAgain},
 * to be divided by 100), as {@code bench/wrk/v2-hundred.lua} sends it: its predictions the same,
 * its request id new.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx256m"})
public class PredictionLogBenchmark {
  /** Entries in a segment of half a second at 37,000 predictions a second. */
  public static final int HALF_SECOND = 18_500;

  private LoggedPrediction[] entries;
  // Requests of the same 100 flights, each with an id of its own.
  private LoggedPrediction[][] batches;
  private int nextBatch;
  private LogSegment.Builder batchSegment;
  private LogSegment.Builder open;
  private LogSegment.Builder full;
  private int next;
  private Connection h2;
  private PreparedStatement insert;
  private long segment;
  private java.nio.file.Path folder;
  private PreparedStatement forget;

  @Setup(Level.Trial)
  public void prepare() throws SQLException {
    SplittableRandom random = new SplittableRandom(7);
    HexFormat hex = HexFormat.of();
    entries = new LoggedPrediction[HALF_SECOND];
    long now = System.currentTimeMillis();
    for (int i = 0; i < entries.length; i++) {
      int flight = 1 + random.nextInt(68_206);
      entries[i] =
          new LoggedPrediction(
              now + i / 37,
              hex.toHexDigits(random.nextLong()) + hex.toHexDigits(random.nextLong()),
              "/predict-flight",
              flight,
              "LAN",
              "Grupo LATAM",
              Integer.toString(100 + flight % 900),
              LocalDateTime.of(2017, 1, 1, 0, 0).plusMinutes(flight * 7L),
              "1.1.0",
              random.nextDouble(),
              random.nextBoolean(),
              false,
              false,
              random.nextLong(),
              "SAEZ",
              "I",
              null);
    }
    String[] airlines = {"Grupo LATAM", "Sky Airline", "Copa Air", "Avianca", "JetSmart SPA"};
    batches = new LoggedPrediction[64][100];
    for (int request = 0; request < batches.length; request++) {
      String id = hex.toHexDigits(random.nextLong()) + hex.toHexDigits(random.nextLong());
      for (int i = 0; i < 100; i++) {
        // The same flights in every request: their fields and answers do not depend on it.
        SplittableRandom flight = new SplittableRandom(i);
        batches[request][i] =
            new LoggedPrediction(
                now + request,
                id,
                "/v2/models/latam-flight-delay/infer",
                0,
                null,
                airlines[i % airlines.length],
                null,
                LocalDateTime.of(2017, i % 12 + 1, i % 28 + 1, i % 24, i * 5 % 60),
                "2.0.0",
                flight.nextDouble(),
                false,
                false,
                false,
                flight.nextLong(),
                "SAEZ",
                i % 2 == 0 ? "I" : "N",
                null);
      }
    }
    batchSegment = new LogSegment.Builder();
    open = new LogSegment.Builder();
    full = new LogSegment.Builder();
    for (LoggedPrediction entry : entries) {
      full.append(entry);
    }
    try {
      folder = java.nio.file.Files.createTempDirectory("log-bench");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    // An H2 file as the service keeps its store.
    h2 =
        DriverManager.getConnection(
            "jdbc:h2:file:" + folder.resolve("log") + ";CACHE_SIZE=4096;WRITE_DELAY=0");
    try (Statement create = h2.createStatement()) {
      create.execute(
          "CREATE TABLE prediction_log (instance_id VARCHAR(36), segment BIGINT,"
              + " first_logged_at TIMESTAMP, last_logged_at TIMESTAMP, entries INTEGER,"
              + " body VARBINARY)");
    }
    h2.setAutoCommit(false);
    insert =
        h2.prepareStatement(
            "INSERT INTO prediction_log (instance_id, segment, first_logged_at, last_logged_at,"
                + " entries, body) VALUES (?, ?, ?, ?, ?, ?)");
    forget = h2.prepareStatement("DELETE FROM prediction_log WHERE segment = ?");
  }

  @TearDown(Level.Trial)
  public void close() throws SQLException, java.io.IOException {
    h2.close();
    try (var files = java.nio.file.Files.list(folder)) {
      for (java.nio.file.Path file : files.toList()) {
        java.nio.file.Files.delete(file);
      }
    }
    java.nio.file.Files.delete(folder);
  }

  /** A request's part: one entry encoded into the open segment. */
  @Benchmark
  public int encodeOneEntry() {
    if (open.entries() == HALF_SECOND) {
      open.clear();
    }
    open.append(entries[next]);
    next = next + 1 == entries.length ? 0 : next + 1;
    return open.entries();
  }

  /** A request of 100 flights, the same as earlier ones but for its id, encoded. */
  @Benchmark
  public int encodeABatchSentAgain() {
    if (batchSegment.entries() >= HALF_SECOND) {
      batchSegment.clear();
    }
    for (LoggedPrediction entry : batches[nextBatch]) {
      batchSegment.append(entry);
    }
    nextBatch = nextBatch + 1 == batches.length ? 0 : nextBatch + 1;
    return batchSegment.entries();
  }

  /** The writer's part for half a second of predictions: as one row, inserted and committed. */
  @Benchmark
  public int writeHalfSecondSegment() throws SQLException {
    byte[] body = full.toSegment();
    insert.setString(1, "bench");
    insert.setLong(2, segment++);
    insert.setObject(3, LocalDateTime.now(java.time.ZoneOffset.UTC));
    insert.setObject(4, LocalDateTime.now(java.time.ZoneOffset.UTC));
    insert.setInt(5, full.entries());
    insert.setBytes(6, body);
    insert.executeUpdate();
    // The segment before goes, as retention would: the table stays the size of one.
    forget.setLong(1, segment - 2);
    forget.executeUpdate();
    h2.commit();
    return body.length;
  }
}
