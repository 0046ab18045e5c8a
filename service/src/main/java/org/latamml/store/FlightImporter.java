package org.latamml.store;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.YearMonth;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.LongConsumer;
import org.latamml.dataset.Sha256;
import org.latamml.flight.Flight;
import org.latamml.flight.FlightDataException;
import org.latamml.flight.RawFlightReader;

/**
 * Loads a raw-format file into the store in one transaction, streaming: each row is checked and
 * written as it is read, in batches, so memory stays bounded whatever the file's size; a bad row,
 * or any failure, rolls the whole transaction back and leaves the store as it was.
 */
public final class FlightImporter {
  private static final int BATCH = 1_000;

  /** Where the importer gets its connection. */
  @FunctionalInterface
  public interface ConnectionSource {
    /** A new connection, closed by the importer. */
    Connection open() throws SQLException;
  }

  private final ConnectionSource connections;

  /** An importer writing through connections from {@code connections}. */
  public FlightImporter(ConnectionSource connections) {
    this.connections = connections;
  }

  /**
   * Imports a file; the n-th data row becomes flight n, and flights sent as events afterwards take
   * the ids after the last.
   *
   * @param replace whether flights from another file may be replaced
   * @param progress told how many rows are written so far
   * @throws org.latamml.flight.FlightDataException at the first malformed row, writing nothing
   * @throws ImportConflictException when another file's flights are stored and not {@code replace}
   */
  public ImportResult importFile(Path file, boolean replace, LongConsumer progress)
      throws IOException, SQLException {
    // A file of another layout is said to be one before the store is asked anything: told that
    // the store holds another file, its user would reach for --replace.
    new RawFlightReader().checkHeader(file);
    String sha256 = Sha256.of(List.of(file));
    try (Connection connection = connections.open()) {
      connection.setAutoCommit(false);
      try {
        // The clock row first, as every writer takes it: events wait for the import to end.
        try (Statement statement = connection.createStatement()) {
          statement.executeUpdate(
              "UPDATE store_clock SET change_seq = change_seq + 1 WHERE id = 1");
        }
        String stored = storedSource(connection);
        if (sha256.equals(stored)) {
          long rows = storedRows(connection);
          connection.rollback();
          return new ImportResult(rows, false);
        }
        if (stored != null && !replace) {
          throw new ImportConflictException("the store holds the flights of another file");
        }
        if (stored == null && !replace && storedFlights(connection) > 0) {
          throw new ImportConflictException(
              "the store holds flights sent as events (POST /v1/flights), which an import replaces");
        }
        long heldBefore = storedFlights(connection);
        try (Statement statement = connection.createStatement()) {
          statement.executeUpdate("DELETE FROM flight");
          statement.executeUpdate("DELETE FROM flight_source");
        }
        long rows;
        try (Writer writer = new Writer(connection, progress)) {
          new RawFlightReader().read(file, writer::add);
          rows = writer.finish();
        } catch (UncheckedSqlException e) {
          throw e.getCause();
        }
        if (rows == 0 && heldBefore > 0) {
          // A file cut short (its header alone) would empty the store: refused, never taken.
          throw new FlightDataException(
              file,
              0,
              null,
              "holds no flights, only its header, and would empty a store of "
                  + heldBefore
                  + " flights");
        }
        recordSource(connection, file, sha256, rows);
        try (PreparedStatement clock =
            connection.prepareStatement("UPDATE store_clock SET next_flight_id = ? WHERE id = 1")) {
          clock.setLong(1, rows + 1);
          clock.executeUpdate();
        }
        connection.commit();
        return new ImportResult(rows, true);
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    }
  }

  /** A {@link SQLException} carried out of the reader's callback, which cannot throw it. */
  private static final class UncheckedSqlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UncheckedSqlException(SQLException cause) {
      super(cause);
    }

    @Override
    public synchronized SQLException getCause() {
      return (SQLException) super.getCause();
    }
  }

  /**
   * Writes rows as they come, a batch at a time; the n-th row becomes flight n. On PostgreSQL, each
   * month's partition is created, in the same transaction, before its first row is written.
   */
  private static final class Writer implements AutoCloseable {
    private static final String INSERT =
        "INSERT INTO flight (id, scheduled_departure, flight_number, destination, airline_code,"
            + " airline, flight_type, destination_city, actual_departure)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final Connection connection;
    private final PreparedStatement insert;
    private final LongConsumer progress;
    private final boolean partitioned;
    private final Set<YearMonth> months = new HashSet<>();
    private long rows;

    Writer(Connection connection, LongConsumer progress) throws SQLException {
      this.connection = connection;
      this.progress = progress;
      this.partitioned = connection.getMetaData().getDatabaseProductName().equals("PostgreSQL");
      this.insert = connection.prepareStatement(INSERT);
    }

    void add(Flight flight) {
      try {
        if (partitioned && months.add(YearMonth.from(flight.scheduledDeparture()))) {
          createPartition(connection, YearMonth.from(flight.scheduledDeparture()));
        }
        rows++;
        bind(insert, rows, flight);
        insert.addBatch();
        if (rows % BATCH == 0) {
          insert.executeBatch();
          progress.accept(rows);
        }
      } catch (SQLException e) {
        throw new UncheckedSqlException(e);
      }
    }

    /** Writes the last batch; the number of rows written. */
    long finish() throws SQLException {
      if (rows % BATCH != 0) {
        insert.executeBatch();
        progress.accept(rows);
      }
      return rows;
    }

    @Override
    public void close() throws SQLException {
      insert.close();
    }
  }

  /**
   * Binds a flight with its id to the first nine parameters of an insert of {@link
   * JdbcFlightStore#COLUMNS}, in their order.
   */
  static void bind(PreparedStatement insert, long id, Flight flight) throws SQLException {
    // As LocalDateTime, as the store reads them: through Timestamp, a time in the JVM's zone's
    // daylight-saving gap would move by an hour.
    insert.setLong(1, id);
    insert.setObject(2, flight.scheduledDeparture());
    insert.setString(3, flight.flightNumber());
    insert.setString(4, flight.destination());
    insert.setString(5, FlightKey.airlineCodeOf(flight.airlineCode()));
    insert.setString(6, flight.airline());
    insert.setString(7, flight.type().code());
    insert.setString(8, flight.destinationCity());
    if (flight.hasDeparted()) {
      insert.setObject(9, flight.actualDeparture());
    } else {
      insert.setNull(9, Types.TIMESTAMP);
    }
  }

  /** The name of a month's partition, {@code flight_YYYY_MM}. */
  static String partitionOf(YearMonth month) {
    return String.format(Locale.ROOT, "flight_%04d_%02d", month.getYear(), month.getMonthValue());
  }

  /** On PostgreSQL, where flights are partitioned by month of scheduled departure: a month's. */
  static void createPartition(Connection connection, YearMonth month) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      // Names and bounds are made of numbers only: no caller text enters this statement.
      statement.execute(
          String.format(
              Locale.ROOT,
              "CREATE TABLE IF NOT EXISTS %s PARTITION OF flight FOR VALUES FROM ('%s-01') TO"
                  + " ('%s-01')",
              partitionOf(month),
              month,
              month.plusMonths(1)));
    }
  }

  private static String storedSource(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT sha256 FROM flight_source WHERE id = 1")) {
      return rows.next() ? rows.getString(1) : null;
    }
  }

  private static long storedFlights(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM flight")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static long storedRows(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT row_count FROM flight_source WHERE id = 1")) {
      return rows.next() ? rows.getLong(1) : 0;
    }
  }

  private static void recordSource(Connection connection, Path file, String sha256, long rows)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO flight_source (id, file_name, sha256, row_count, imported_at)"
                + " VALUES (1, ?, ?, ?, ?)")) {
      insert.setString(1, file.getFileName().toString());
      insert.setString(2, sha256);
      insert.setLong(3, rows);
      insert.setTimestamp(4, Timestamp.from(Instant.now()));
      insert.executeUpdate();
    }
  }
}
