package org.latamml.predictionlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.latamml.features.FlightContext;
import org.latamml.store.StoreFixtures;

/**
 * The prediction log on a real (in-memory H2) store, migrated as the service migrates it: nothing
 * lost while the queue has room, what does not fit dropped and counted, entries read back as
 * written.
 */
class PredictionLogTest {
  private static final LocalDateTime SCHEDULED = LocalDateTime.of(2017, 3, 1, 10, 0);
  // Room for any test's entries: a mebibyte.
  static final long ROOM = 1 << 20;

  private DataSource store;
  private PredictionLog log;

  @BeforeEach
  void migrate() {
    store = StoreFixtures.h2().dataSource();
  }

  @AfterEach
  void close() {
    if (log != null) {
      log.close();
    }
  }

  static LoggedPrediction entry(int i) {
    return new LoggedPrediction(
        Instant.parse("2026-12-01T12:00:00Z").toEpochMilli() + i,
        "request-" + i,
        "/v1/predictions",
        i % 2 == 0 ? i + 1 : 0,
        i % 2 == 0 ? "LAN" : null,
        "Grupo LATAM",
        i % 3 == 0 ? null : Integer.toString(100 + i),
        SCHEDULED.plusMinutes(i),
        i % 2 == 0 ? "1.1.0" : "2.0.0",
        (i % 100) / 100.0,
        i % 5 == 0,
        i % 7 == 0,
        i % 11 == 0,
        0x0123456789abcdefL * (i + 1),
        i % 4 == 0 ? null : "SAEZ",
        i % 2 == 0 ? "I" : "N",
        i % 2 == 0
            ? null
            : new FlightContext(3, 5, 0.25, -7.5f, 0.125, 1, 9, 0.5, 3, 0.25, 0.125, 0, 1));
  }

  /** The bytes entries {@code from} to {@code to} (excluded) take in a segment begun with them. */
  private static long bytesOf(int from, int to) {
    LogSegment.Builder segment = new LogSegment.Builder();
    for (int i = from; i < to; i++) {
      segment.append(entry(i));
    }
    return segment.size();
  }

  /** The entry as a prediction made again, by request {@code request} at {@code millis}. */
  private static LoggedPrediction madeAgain(LoggedPrediction e, String request, long millis) {
    return new LoggedPrediction(
        millis,
        request,
        e.route(),
        e.flightId(),
        e.airlineCode(),
        e.airline(),
        e.flightNumber(),
        e.scheduledDeparture(),
        e.modelVersion(),
        e.probability(),
        e.delayed(),
        e.shadow(),
        e.fallback(),
        e.inputDigest(),
        e.destination(),
        e.flightType(),
        e.context());
  }

  private long entriesStored() throws SQLException {
    try (Connection connection = store.getConnection();
        ResultSet count =
            connection
                .createStatement()
                .executeQuery("SELECT COALESCE(SUM(entries), 0) FROM prediction_log")) {
      count.next();
      return count.getLong(1);
    }
  }

  @Test
  void countsWhatItWroteInItsMetricsAfterACollectionToo() throws Exception {
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    log = new PredictionLog(true, ROOM, store, metrics);
    for (int i = 0; i < 3; i++) {
      log.record(entry(i));
    }
    assertThat(log.flush(20_000)).isTrue();

    // A registry holds a counter's state weakly: the state must live as long as the log.
    System.gc();

    assertThat(
            metrics
                .get("latam_prediction_log_entries")
                .tag("outcome", "written")
                .functionCounter()
                .count())
        .isEqualTo(3.0);
  }

  @Test
  void keepsEveryEntryWhileTheQueueHasRoomAndReadsThemBackAsWritten() throws Exception {
    log = new PredictionLog(true, ROOM, store, new SimpleMeterRegistry());
    List<LoggedPrediction> sent = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      sent.add(entry(i));
      log.record(entry(i));
    }

    assertThat(log.flush(20_000)).isTrue();

    assertThat(entriesStored()).isEqualTo(5_000);
    assertThat(log.written()).isEqualTo(5_000);
    assertThat(log.dropped()).isZero();
    List<LoggedPrediction> read = readDay();
    assertThat(read).containsExactlyElementsOf(sent);
  }

  @Test
  void keepsEveryEntryOfRequestsLoggingAtOnce() throws Exception {
    log = new PredictionLog(true, ROOM, store, new SimpleMeterRegistry());
    List<Thread> requests = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int from = t * 2_500;
      requests.add(
          Thread.ofPlatform()
              .start(() -> {
                for (int i = from; i < from + 2_500; i++) {
                  log.record(entry(i));
                }
              }));
    }
    for (Thread request : requests) {
      request.join();
    }

    assertThat(log.flush(20_000)).isTrue();

    List<LoggedPrediction> read = readDay();
    assertThat(read)
        .containsExactlyInAnyOrderElementsOf(
            java.util.stream.IntStream.range(0, 10_000)
                .mapToObj(PredictionLogTest::entry)
                .toList());
    assertThat(log.dropped()).isZero();
  }

  /** A log whose writer waits an hour between writes: within a test, only a wake makes it write. */
  private PredictionLog waitingAnHourBetweenWrites(long room) {
    return new PredictionLog(
        true, room, java.time.Duration.ofHours(1), store, new SimpleMeterRegistry());
  }

  @Test
  void aLargeBatchHoldsAFewEntriesWorthOfRoomWhileItEncodes() throws Exception {
    log = new PredictionLog(true, ROOM, store, new SimpleMeterRegistry());
    long[] heldAtHalf = new long[1];
    // The log reads each entry as it encodes it: halfway, what it holds is what others cannot take.
    List<LoggedPrediction> board =
        new java.util.AbstractList<>() {
          @Override
          public LoggedPrediction get(int i) {
            if (i == 2_500) {
              heldAtHalf[0] = log.waitingBytes();
            }
            return entry(i);
          }

          @Override
          public int size() {
            return 5_000;
          }
        };

    log.recordAll(board);

    assertThat(heldAtHalf[0])
        .isGreaterThanOrEqualTo(bytesOf(0, 2_500))
        .isLessThanOrEqualTo(bytesOf(0, 2_500) + 32 * 512);
    assertThat(log.flush(20_000)).isTrue();
    assertThat(entriesStored()).isEqualTo(5_000);
  }

  @Test
  void itsRoomUnsetIsASixtyFourthOfTheHeapWithinTwoAndSixtyFourMebibytes() {
    // ./latam serve's 112 MB heap, the image's 60 % of a 1 GiB container, and 32 GiB.
    assertThat(PredictionLog.defaultRoomBytes(112L << 20)).isEqualTo(2L << 20);
    assertThat(PredictionLog.defaultRoomBytes(614L << 20)).isEqualTo((614L << 20) / 64);
    assertThat(PredictionLog.defaultRoomBytes(32L << 30)).isEqualTo(64L << 20);
  }

  @Test
  void saysItsRoomInItsMetrics() {
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    log = new PredictionLog(true, ROOM, store, metrics);

    assertThat(metrics.get("latam_prediction_log_room_bytes").gauge().value())
        .isEqualTo((double) ROOM);
  }

  @Test
  void refusesARoomOfLessThanAFewEntries() {
    assertThatThrownBy(() -> new PredictionLog(true, 1, store, new SimpleMeterRegistry()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("LATAM_PREDICTION_LOG_ROOM_BYTES must be at least 1024 (a few entries), got 1");
  }

  @Test
  void writesAsSoonAsHalfItsRoomIsTaken() throws Exception {
    // Each round's last entry takes half the room, with the same 500 entries in a segment of their
    // own each time.
    log = waitingAnHourBetweenWrites(2 * bytesOf(0, 500));

    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 500; i++) {
        log.record(entry(i));
      }
      assertThat(log.flush(20_000)).as("round %d written", round).isTrue();
    }

    assertThat(log.dropped()).isZero();
    assertThat(entriesStored()).isEqualTo(1_500);
  }

  @Test
  void waitsForItsTimeWhileLessThanHalfItsRoomIsTaken() throws Exception {
    log = waitingAnHourBetweenWrites(2 * bytesOf(0, 500));

    for (int i = 0; i < 499; i++) {
      log.record(entry(i));
    }

    assertThat(log.flush(300)).isFalse();
    assertThat(log.waiting()).isEqualTo(499);
    assertThat(log.waitingBytes()).isEqualTo(bytesOf(0, 499));
  }

  /**
   * A log of {@code room} bytes whose writer has taken entry 0 and waits for the store with it
   * until {@code storeAnswers} counts down: what is recorded next waits in the room.
   */
  private PredictionLog heldByASlowStore(long room, CountDownLatch storeAnswers)
      throws InterruptedException {
    PredictionLog held =
        new PredictionLog(true, room, slowUntil(storeAnswers), new SimpleMeterRegistry());
    held.record(entry(0));
    while (held.waiting() > 0) {
      Thread.sleep(1);
    }
    return held;
  }

  @Test
  void dropsAndCountsWhatDoesNotFitWhileTheStoreIsSlowAndNeverWaits() throws Exception {
    CountDownLatch storeAnswers = new CountDownLatch(1);
    // Room for entries 1 to 100, in a segment of their own once the writer took entry 0.
    log = heldByASlowStore(bytesOf(1, 101), storeAnswers);

    for (int i = 1; i <= 150; i++) {
      log.record(entry(i));
    }

    assertThat(log.dropped()).isEqualTo(50);
    storeAnswers.countDown();
    assertThat(log.flush(20_000)).isTrue();
    assertThat(entriesStored()).isEqualTo(101);
    assertThat(log.written()).isEqualTo(101);
  }

  @Test
  void aBatchPastTheRoomKeepsWhatFitsAndLeavesTheRestOfTheRoomToOthers() throws Exception {
    CountDownLatch storeAnswers = new CountDownLatch(1);
    // Room for entries 1 to 100, in a segment of their own once the writer took entry 0.
    log = heldByASlowStore(bytesOf(1, 101), storeAnswers);
    List<LoggedPrediction> first = new ArrayList<>();
    for (int i = 1; i <= 60; i++) {
      first.add(entry(i));
    }
    List<LoggedPrediction> second = new ArrayList<>();
    for (int i = 61; i <= 1_060; i++) {
      second.add(entry(i));
    }

    log.recordAll(first);
    log.recordAll(second);
    assertThat(log.waiting()).isEqualTo(100);
    assertThat(log.dropped()).isEqualTo(960);
    log.record(entry(2_000));

    assertThat(log.dropped()).isEqualTo(961);
    storeAnswers.countDown();
    assertThat(log.flush(20_000)).isTrue();
    assertThat(entriesStored()).isEqualTo(101);
  }

  @Test
  void holdsTenTimesMorePredictionsMadeAgainThanWholeOnesInTheSameRoom() throws Exception {
    CountDownLatch storeAnswers = new CountDownLatch(1);
    long base = Instant.parse("2026-12-01T12:00:00Z").toEpochMilli();
    log = heldByASlowStore(bytesOf(0, 1_000), storeAnswers);

    // The room of 1,000 entries written whole, and a batch of 100 sent 100 times: each one after
    // the first written as references, about 3 bytes an entry.
    for (int request = 0; request < 100; request++) {
      List<LoggedPrediction> batch = new ArrayList<>();
      for (int i = 1; i <= 100; i++) {
        batch.add(madeAgain(entry(i), "batch-" + request, base + request));
      }
      log.recordAll(batch);
    }

    assertThat(log.dropped()).isZero();
    assertThat(log.waiting()).isEqualTo(10_000);
    storeAnswers.countDown();
    assertThat(log.flush(20_000)).isTrue();
    assertThat(entriesStored()).isEqualTo(10_001);
  }

  @Test
  void readsByFlightVersionAndTime() throws Exception {
    log = new PredictionLog(true, ROOM, store, new SimpleMeterRegistry());
    for (int i = 0; i < 100; i++) {
      log.record(entry(i));
    }
    assertThat(log.flush(20_000)).isTrue();
    PredictionLogReader reader = new PredictionLogReader(store);
    Instant from = Instant.parse("2026-12-01T12:00:00Z");

    List<LoggedPrediction> byFlight = new ArrayList<>();
    reader.read(
        new PredictionLogQuery(from, from.plusSeconds(1), 11, null, null, null),
        100,
        byFlight::add);
    List<LoggedPrediction> byNumber = new ArrayList<>();
    reader.read(
        new PredictionLogQuery(from, from.plusSeconds(1), 0, "LAN", "104", null),
        100,
        byNumber::add);
    // As flights are stored: an airline code in another case is the same airline's.
    List<LoggedPrediction> byCodeInLowerCase = new ArrayList<>();
    reader.read(
        new PredictionLogQuery(from, from.plusSeconds(1), 0, "lan", "104", null),
        100,
        byCodeInLowerCase::add);
    List<LoggedPrediction> byVersion = new ArrayList<>();
    reader.read(
        new PredictionLogQuery(from, from.plusSeconds(1), 0, null, null, "2.0.0"),
        100,
        byVersion::add);
    List<LoggedPrediction> byTime = new ArrayList<>();
    reader.read(
        new PredictionLogQuery(from.plusMillis(10), from.plusMillis(20), 0, null, null, null),
        100,
        byTime::add);

    assertThat(byFlight).containsExactly(entry(10));
    assertThat(byNumber).containsExactly(entry(4));
    assertThat(byCodeInLowerCase).containsExactly(entry(4));
    assertThat(byVersion)
        .hasSize(50)
        .allSatisfy(e -> assertThat(e.modelVersion()).isEqualTo("2.0.0"));
    assertThat(byTime)
        .extracting(LoggedPrediction::requestId)
        .hasSize(10)
        .first()
        .isEqualTo("request-10");
  }

  @Test
  void forgetsEntriesOlderThanTheRetention() throws Exception {
    log = new PredictionLog(true, ROOM, store, new SimpleMeterRegistry());
    for (int i = 0; i < 10; i++) {
      log.record(entry(i * 60_000));
    }
    assertThat(log.flush(20_000)).isTrue();

    long forgotten =
        new PredictionLogRetention(store, null, java.time.Duration.ofDays(30))
            .forgetBefore(Instant.parse("2026-12-01T12:05:00Z"));

    assertThat(forgotten).isEqualTo(5);
    assertThat(entriesStored()).isEqualTo(5);
  }

  /** Every entry logged on 1 December 2026, as the reader gives them. */
  private List<LoggedPrediction> readDay() {
    List<LoggedPrediction> read = new ArrayList<>();
    new PredictionLogReader(store)
        .read(
            new PredictionLogQuery(
                Instant.parse("2026-12-01T00:00:00Z"),
                Instant.parse("2026-12-02T00:00:00Z"),
                0,
                null,
                null,
                null),
            20_000,
            read::add);
    return read;
  }

  @Test
  void holdsItsEntriesWhileTheStoreCannotBeReachedAndWritesThemOnceItCan() throws Exception {
    CountDownLatch storeAnswers = new CountDownLatch(1);
    log = new PredictionLog(true, ROOM, unreachableUntil(storeAnswers), new SimpleMeterRegistry());
    for (int i = 0; i < 10; i++) {
      log.record(entry(i));
    }

    // Longer than three tries with their waits (0.5 s, then 1 s): a failover takes tens of seconds.
    Thread.sleep(2_500);
    assertThat(log.failed()).isZero();
    storeAnswers.countDown();

    assertThat(log.flush(20_000)).isTrue();
    assertThat(entriesStored()).isEqualTo(10);
    assertThat(log.failed()).isZero();
  }

  @Test
  void aCommitWhoseReplyWasLostIsWrittenOnceAndTheLogGoesOn() throws Exception {
    log =
        new PredictionLog(true, ROOM, losingTheFirstCommitsReply(store), new SimpleMeterRegistry());
    for (int i = 0; i < 10; i++) {
      log.record(entry(i));
    }
    assertThat(log.flush(20_000)).isTrue();
    for (int i = 10; i < 15; i++) {
      log.record(entry(i));
    }

    assertThat(log.flush(20_000)).isTrue();
    assertThat(entriesStored()).isEqualTo(15);
    assertThat(log.written()).isEqualTo(15);
    assertThat(log.failed()).isZero();
  }

  @Test
  void migratingKeepsTheFirstWriteOfASegmentWrittenTwice() throws Exception {
    assertThat(segmentsAfterMigratingTwiceWritten(StoreFixtures.h2UpTo("9")))
        .containsExactly("c/0/0", "a/0/1", "a/1/3", "b/0/4");
  }

  /**
   * Writes segment 0 of instance a twice (numbers 1 and 2) and segment 0 of instance c twice with
   * number 0 (as before numbers were given) beside others into a store of the migrations before the
   * segment's key, migrates it, and answers each segment kept as instance/segment/number.
   */
  static List<String> segmentsAfterMigratingTwiceWritten(StoreFixtures.Store old)
      throws SQLException {
    LocalDateTime first = LocalDateTime.of(2026, 12, 1, 10, 0);
    try (Connection c = old.open();
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO prediction_log (instance_id, segment, first_logged_at,"
                    + " last_logged_at, entries, body, log_seq) VALUES (?, ?, ?, ?, 1, ?, ?)")) {
      Object[][] rows = {
        {"c", 0, 0}, {"c", 0, 0}, {"a", 0, 1}, {"a", 0, 2}, {"a", 1, 3}, {"b", 0, 4}
      };
      for (Object[] row : rows) {
        insert.setString(1, (String) row[0]);
        insert.setLong(2, (Integer) row[1]);
        insert.setObject(3, first.plusMinutes((Integer) row[1]));
        insert.setObject(4, first.plusMinutes((Integer) row[1]));
        insert.setBytes(5, new byte[] {1});
        insert.setLong(6, (Integer) row[2]);
        insert.executeUpdate();
      }
    }
    StoreFixtures.migrateToLatest(old);
    List<String> kept = new ArrayList<>();
    try (Connection c = old.open();
        ResultSet r =
            c.createStatement()
                .executeQuery(
                    "SELECT instance_id, segment, log_seq FROM prediction_log ORDER BY log_seq")) {
      while (r.next()) {
        kept.add(r.getString(1) + "/" + r.getLong(2) + "/" + r.getLong(3));
      }
    }
    return kept;
  }

  @Test
  void aConnectionsFailureIsTheStoreUnreachableAndAQueryRefusedIsNot() {
    assertThat(PredictionLog.isUnreachable(new SQLException("Connection refused", "08001")))
        .isTrue();
    assertThat(PredictionLog.isUnreachable(new SQLException("Sorry, acquisition timeout!")))
        .isTrue();
    assertThat(PredictionLog.isUnreachable(new SQLException("terminating connection", "57P01")))
        .isTrue();
    assertThat(PredictionLog.isUnreachable(new SQLException("the system is starting", "57P03")))
        .isTrue();
    assertThat(
            PredictionLog.isUnreachable(
                new RuntimeException(new java.sql.SQLTransientConnectionException("pool"))))
        .isTrue();
    assertThat(PredictionLog.isUnreachable(new SQLException("no such table", "42S02"))).isFalse();
  }

  /** The store, whose connections are refused as a stopped server's are until {@code open}. */
  private DataSource unreachableUntil(CountDownLatch open) {
    return storeThatFirst(() -> {
      if (open.getCount() > 0) {
        throw new SQLException("Connection to 127.0.0.1:5432 refused", "08001");
      }
    });
  }

  /**
   * The store, whose first commit of segments is made and then answered by a broken connection's
   * failure (SQLSTATE 08006), as when the reply is lost on the way back.
   */
  static DataSource losingTheFirstCommitsReply(DataSource real) {
    java.util.concurrent.atomic.AtomicBoolean lost =
        new java.util.concurrent.atomic.AtomicBoolean();
    return (DataSource)
        Proxy.newProxyInstance(
            DataSource.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              Object made = invoke(real, method, args);
              if (!(made instanceof Connection connection)) {
                return made;
              }
              boolean[] writesSegments = {false};
              return Proxy.newProxyInstance(
                  Connection.class.getClassLoader(),
                  new Class<?>[] {Connection.class},
                  (inner, call, callArgs) -> {
                    Object result = invoke(connection, call, callArgs);
                    if (call.getName().equals("prepareStatement")
                        && callArgs[0].toString().startsWith("INSERT INTO prediction_log")) {
                      writesSegments[0] = true;
                    }
                    if (call.getName().equals("commit")
                        && writesSegments[0]
                        && lost.compareAndSet(false, true)) {
                      throw new SQLException(
                          "An I/O error occurred while sending to the backend", "08006");
                    }
                    return result;
                  });
            });
  }

  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** The store, whose connections wait for {@code open}. */
  private DataSource slowUntil(CountDownLatch open) {
    return storeThatFirst(open::await);
  }

  /** What a connection asked of the store first meets, before the store itself. */
  private interface BeforeConnecting {
    void run() throws Exception;
  }

  private DataSource storeThatFirst(BeforeConnecting before) {
    DataSource real = store;
    return (DataSource)
        Proxy.newProxyInstance(
            DataSource.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getConnection")) {
                before.run();
              }
              try {
                return method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
