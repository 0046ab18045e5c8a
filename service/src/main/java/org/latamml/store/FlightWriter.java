package org.latamml.store;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.latamml.flight.Flight;
import org.latamml.problem.InvalidInputProblem;
import org.latamml.problem.Problem;

/**
 * Writes events to the store, one batch per transaction: a schedule (new flights, or changes to
 * flights already stored, found by their {@link FlightKey}) or departures. Every transaction first
 * takes the store's clock row, which serialises writers, stamps the flights it writes with the next
 * change number and hands out ids without gaps; a batch is written whole or not at all. The flights
 * written are handed to the {@link ChangeFeed} once committed.
 */
@Singleton
public class FlightWriter {
  /** How early a departure may be reported, against its schedule. */
  public static final Duration EARLIEST_DEPARTURE = Duration.ofHours(6);

  /** How late a departure may be reported: a day boards read flights within days of theirs. */
  public static final Duration LATEST_DEPARTURE = Duration.ofHours(24);

  private static final String UNIQUE_VIOLATION = "23505";

  private final DataSource dataSource;
  private final ChangeFeed feed;
  private final Set<YearMonth> partitions = ConcurrentHashMap.newKeySet();

  FlightWriter(DataSource dataSource, ChangeFeed feed) {
    this.dataSource = dataSource;
    this.feed = feed;
  }

  /**
   * What a batch wrote.
   *
   * @param flights the flights as stored after it, in the batch's order; empty when {@code
   *     duplicate}
   * @param duplicate whether its message id was seen before, so nothing was written
   */
  public record Written(List<StoredFlight> flights, boolean duplicate) {}

  /**
   * Stores scheduled flights: a flight with a stored one's key updates it (its departure, if known,
   * is kept), any other is added with the next id. Within a batch, flights with one key are one
   * flight given again (LiveIngest refuses a batch where they differ).
   *
   * @param messageId the event's id when it came through a queue that may deliver it again; null
   *     otherwise
   */
  public Written writeSchedule(List<Flight> flights, String messageId) {
    return inTransaction(
        messageId,
        (connection, change, created) -> {
          Map<FlightKey, StoredFlight> stored =
              findByKey(connection, flights.stream().map(Flight::scheduledDeparture).toList());
          long nextId = nextId(connection);
          Map<FlightKey, StoredFlight> written = new LinkedHashMap<>();
          try (PreparedStatement insert =
                  connection.prepareStatement(
                      "INSERT INTO flight ("
                          + JdbcFlightStore.COLUMNS
                          + ", change_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
              PreparedStatement update =
                  connection.prepareStatement(
                      "UPDATE flight SET destination = ?, airline = ?, flight_type = ?,"
                          + " destination_city = ?, change_seq = ?"
                          + " WHERE id = ? AND scheduled_departure = ?")) {
            for (Flight flight : flights) {
              FlightKey key = FlightKey.of(flight);
              StoredFlight before = written.containsKey(key) ? written.get(key) : stored.get(key);
              if (before == null) {
                ensurePartition(connection, flight.scheduledDeparture(), created);
                StoredFlight added = new StoredFlight(nextId++, flight);
                FlightImporter.bind(insert, added.id(), added.flight());
                insert.setLong(10, change);
                insert.addBatch();
                written.put(key, added);
              } else {
                Flight kept = flight.withActualDeparture(before.flight().actualDeparture());
                update.setString(1, kept.destination());
                update.setString(2, kept.airline());
                update.setString(3, kept.type().code());
                update.setString(4, kept.destinationCity());
                update.setLong(5, change);
                update.setLong(6, before.id());
                update.setObject(7, kept.scheduledDeparture());
                update.addBatch();
                written.put(key, new StoredFlight(before.id(), kept, before.departureReported()));
              }
            }
            insert.executeBatch();
            update.executeBatch();
          }
          try (PreparedStatement clock =
              connection.prepareStatement(
                  "UPDATE store_clock SET next_flight_id = ? WHERE id = 1")) {
            clock.setLong(1, nextId);
            clock.executeUpdate();
          }
          List<StoredFlight> answer = new ArrayList<>(flights.size());
          for (Flight flight : flights) {
            answer.add(written.get(FlightKey.of(flight)));
          }
          return answer;
        });
  }

  /**
   * Stores departures. Every departure must name a stored flight and leave within {@link
   * #EARLIEST_DEPARTURE} before and {@link #LATEST_DEPARTURE} after its schedule; otherwise the
   * batch is refused, naming each bad item under {@code prefix} ({@code departures[i].field}).
   */
  public Written writeDepartures(List<DepartureEvent> departures, String prefix, String messageId) {
    return inTransaction(
        messageId,
        (connection, change, created) -> {
          Map<Long, StoredFlight> byId = findById(connection, departures);
          Map<FlightKey, StoredFlight> byKey =
              findByKey(
                  connection,
                  departures.stream()
                      .filter(d -> d.key() != null)
                      .map(d -> d.key().scheduledDeparture())
                      .toList());
          List<Problem.FieldError> errors = new ArrayList<>();
          List<StoredFlight> departed = new ArrayList<>(departures.size());
          // Each flight's first item, by stored id: one named by id and again by key is one flight.
          Map<Long, Integer> firstItem = new java.util.HashMap<>();
          for (int i = 0; i < departures.size(); i++) {
            DepartureEvent event = departures.get(i);
            String item = prefix + "[" + i + "]";
            StoredFlight flight =
                event.flightId() != null ? byId.get(event.flightId()) : byKey.get(event.key());
            if (flight == null) {
              errors.add(
                  event.flightId() != null
                      ? new Problem.FieldError(
                          item + ".flight_id", "no flight with this id is stored")
                      : new Problem.FieldError(
                          item,
                          "no flight with this airline_code, flight_number and"
                              + " scheduled_departure is stored"));
              continue;
            }
            LocalDateTime scheduled = flight.flight().scheduledDeparture();
            LocalDateTime actual = event.actualDeparture();
            if (actual.isBefore(scheduled.minus(EARLIEST_DEPARTURE))
                || actual.isAfter(scheduled.plus(LATEST_DEPARTURE))) {
              errors.add(
                  new Problem.FieldError(
                      item + ".actual_departure",
                      "must be within 6 hours before and 24 hours after the flight's schedule ("
                          + scheduled
                          + ")"));
              continue;
            }
            Integer earlier = firstItem.putIfAbsent(flight.id(), i);
            if (earlier != null
                && (!departures.get(earlier).actualDeparture().equals(actual)
                    || !java.util.Objects.equals(
                        departures.get(earlier).reportedAt(), event.reportedAt()))) {
              // Which of the two the store would keep is nobody's contract.
              errors.add(
                  new Problem.FieldError(
                      item,
                      "names the same flight as "
                          + prefix
                          + "["
                          + earlier
                          + "] with other fields"));
              continue;
            }
            departed.add(
                new StoredFlight(
                    flight.id(), flight.flight().withActualDeparture(actual), event.reportedAt()));
          }
          if (!errors.isEmpty()) {
            throw new InvalidInputProblem(errors);
          }
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE flight SET actual_departure = ?, departure_reported_at = ?,"
                      + " change_seq = ? WHERE id = ? AND scheduled_departure = ?")) {
            for (StoredFlight flight : departed) {
              update.setObject(1, flight.flight().actualDeparture());
              update.setObject(2, flight.departureReported());
              update.setLong(3, change);
              update.setLong(4, flight.id());
              update.setObject(5, flight.flight().scheduledDeparture());
              update.addBatch();
            }
            update.executeBatch();
          }
          return departed;
        });
  }

  /**
   * One batch's writes, given a connection in a transaction, the change number it stamps, and where
   * to note the months whose partition it created (known once the transaction commits).
   */
  @FunctionalInterface
  private interface Batch {
    List<StoredFlight> write(Connection connection, long change, Set<YearMonth> created)
        throws SQLException;
  }

  private Written inTransaction(String messageId, Batch batch) {
    List<StoredFlight> written;
    long change;
    Set<YearMonth> created = new java.util.HashSet<>();
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        change = tick(connection);
        if (messageId != null && !recordMessage(connection, messageId)) {
          connection.rollback();
          return new Written(List.of(), true);
        }
        written = batch.write(connection, change, created);
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        rollback(connection, e);
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreException("cannot write the batch: " + e.getMessage(), e);
    }
    // Only now: a rolled-back batch's partitions are gone with it.
    partitions.addAll(created);
    feed.applyWritten(written, change);
    return new Written(written, false);
  }

  /** Rolls back after {@code cause}; a rollback that fails too must not hide why (a 422). */
  private static void rollback(Connection connection, Exception cause) {
    try {
      connection.rollback();
    } catch (SQLException | RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  /** Takes the clock row (held to the end of the transaction) and the next change number. */
  private static long tick(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.executeUpdate("UPDATE store_clock SET change_seq = change_seq + 1 WHERE id = 1");
      try (ResultSet rows =
          statement.executeQuery("SELECT change_seq FROM store_clock WHERE id = 1")) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  private static long nextId(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT next_flight_id FROM store_clock WHERE id = 1")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  /** Records a message id; false when it was recorded before. */
  private static boolean recordMessage(Connection connection, String messageId)
      throws SQLException {
    try (PreparedStatement seen =
        connection.prepareStatement("SELECT 1 FROM event_message WHERE message_id = ?")) {
      seen.setString(1, messageId);
      try (ResultSet rows = seen.executeQuery()) {
        if (rows.next()) {
          return false;
        }
      }
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO event_message (message_id, received_at) VALUES (?, ?)")) {
      insert.setString(1, messageId);
      insert.setTimestamp(2, Timestamp.from(java.time.Instant.now()));
      insert.executeUpdate();
      return true;
    } catch (SQLException e) {
      // Writers are serialised by the clock row, so this is a message recorded by a transaction
      // that committed between the check and the insert: there is none, but say so plainly.
      if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
        return false;
      }
      throw e;
    }
  }

  /** Times further apart than this are looked up by separate ranges. */
  private static final Duration RANGE_GAP = Duration.ofHours(6);

  /**
   * The stored flights scheduled at these times, by key. Of flights stored twice under one key (the
   * 2017 file has one), the first imported. The times are read as ranges (times within hours of
   * each other, one range): an index range scan per range, where a list of a thousand times would
   * be checked against every row found (docs/PERFORMANCE.md, "Ingest").
   */
  private static Map<FlightKey, StoredFlight> findByKey(
      Connection connection, List<LocalDateTime> times) throws SQLException {
    Map<FlightKey, StoredFlight> found = new HashMap<>();
    List<LocalDateTime> sorted = times.stream().distinct().sorted().toList();
    if (sorted.isEmpty()) {
      return found;
    }
    java.util.Set<LocalDateTime> wanted = new java.util.HashSet<>(sorted);
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT "
                + JdbcFlightStore.READ_COLUMNS
                + " FROM flight WHERE scheduled_departure >= ? AND scheduled_departure <= ?"
                + " ORDER BY id")) {
      Map<String, String> texts = new HashMap<>();
      int start = 0;
      while (start < sorted.size()) {
        int end = start;
        while (end + 1 < sorted.size()
            && !sorted.get(end + 1).isAfter(sorted.get(end).plus(RANGE_GAP))) {
          end++;
        }
        query.setObject(1, sorted.get(start));
        query.setObject(2, sorted.get(end));
        try (ResultSet rows = query.executeQuery()) {
          while (rows.next()) {
            StoredFlight flight = JdbcFlightStore.read(rows, texts);
            if (wanted.contains(flight.flight().scheduledDeparture())) {
              found.putIfAbsent(FlightKey.of(flight.flight()), flight);
            }
          }
        }
        start = end + 1;
      }
    }
    return found;
  }

  private static Map<Long, StoredFlight> findById(
      Connection connection, List<DepartureEvent> departures) throws SQLException {
    List<Long> ids =
        departures.stream()
            .map(DepartureEvent::flightId)
            .filter(id -> id != null)
            .distinct()
            .toList();
    Map<Long, StoredFlight> found = new HashMap<>();
    if (ids.isEmpty()) {
      return found;
    }
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT "
                + JdbcFlightStore.READ_COLUMNS
                + " FROM flight WHERE id IN ("
                + placeholders(ids.size())
                + ")")) {
      for (int i = 0; i < ids.size(); i++) {
        query.setLong(i + 1, ids.get(i));
      }
      Map<String, String> texts = new HashMap<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          StoredFlight flight = JdbcFlightStore.read(rows, texts);
          found.put(flight.id(), flight);
        }
      }
    }
    return found;
  }

  private static String placeholders(int count) {
    return String.join(", ", java.util.Collections.nCopies(count, "?"));
  }

  /**
   * On PostgreSQL, where flights are partitioned by month: the month's partition, created in this
   * transaction the first time a flight of it is written.
   */
  private void ensurePartition(
      Connection connection, LocalDateTime scheduled, Set<YearMonth> created) throws SQLException {
    YearMonth month = YearMonth.from(scheduled);
    if (partitions.contains(month)
        || created.contains(month)
        || !connection.getMetaData().getDatabaseProductName().equals("PostgreSQL")) {
      return;
    }
    try (PreparedStatement exists = connection.prepareStatement("SELECT to_regclass(?)")) {
      exists.setString(1, FlightImporter.partitionOf(month));
      try (ResultSet rows = exists.executeQuery()) {
        rows.next();
        if (rows.getString(1) == null) {
          FlightImporter.createPartition(connection, month);
        }
      }
    }
    created.add(month);
  }
}
