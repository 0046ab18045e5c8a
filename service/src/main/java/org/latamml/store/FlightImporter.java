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
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import org.latamml.dataset.Sha256;
import org.latamml.flight.Flight;
import org.latamml.flight.RawFlightReader;

/**
 * Loads a raw-format file into the store in one transaction: the whole file is read and checked
 * first, so a bad row stops the import before anything is written, and a failure while writing
 * leaves the store as it was.
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
   * Imports a file; the n-th data row becomes flight n.
   *
   * @param replace whether flights from another file may be replaced
   * @param progress told how many rows are written so far
   * @throws org.latamml.flight.FlightDataException at the first malformed row, writing nothing
   * @throws ImportConflictException when another file's flights are stored and not {@code replace}
   */
  public ImportResult importFile(Path file, boolean replace, LongConsumer progress)
      throws IOException, SQLException {
    String sha256 = Sha256.of(List.of(file));
    List<Flight> flights = new ArrayList<>();
    new RawFlightReader().read(file, flights::add);
    try (Connection connection = connections.open()) {
      connection.setAutoCommit(false);
      try {
        String stored = storedSource(connection);
        if (sha256.equals(stored)) {
          connection.rollback();
          return new ImportResult(flights.size(), false);
        }
        if (stored != null && !replace) {
          throw new ImportConflictException();
        }
        try (Statement statement = connection.createStatement()) {
          statement.executeUpdate("DELETE FROM flight");
          statement.executeUpdate("DELETE FROM flight_source");
        }
        createMonthlyPartitions(connection, flights);
        insert(connection, flights, progress);
        recordSource(connection, file, sha256, flights.size());
        connection.commit();
        return new ImportResult(flights.size(), true);
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    }
  }

  /**
   * On PostgreSQL, where flights are partitioned by month of scheduled departure, creates the
   * partition of each month the file has, in the import's transaction.
   */
  private static void createMonthlyPartitions(Connection connection, List<Flight> flights)
      throws SQLException {
    if (!connection.getMetaData().getDatabaseProductName().equals("PostgreSQL")) {
      return;
    }
    java.util.SortedSet<java.time.YearMonth> months = new java.util.TreeSet<>();
    flights.forEach(f -> months.add(java.time.YearMonth.from(f.scheduledDeparture())));
    try (Statement statement = connection.createStatement()) {
      for (java.time.YearMonth month : months) {
        // Names and bounds are made of numbers only: no caller text enters this statement.
        statement.execute(
            String.format(
                java.util.Locale.ROOT,
                "CREATE TABLE IF NOT EXISTS flight_%04d_%02d PARTITION OF flight"
                    + " FOR VALUES FROM ('%s-01') TO ('%s-01')",
                month.getYear(),
                month.getMonthValue(),
                month,
                month.plusMonths(1)));
      }
    }
  }

  private static String storedSource(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT sha256 FROM flight_source WHERE id = 1")) {
      return rows.next() ? rows.getString(1) : null;
    }
  }

  private static void insert(Connection connection, List<Flight> flights, LongConsumer progress)
      throws SQLException {
    String sql =
        "INSERT INTO flight (id, scheduled_departure, flight_number, destination, airline_code,"
            + " airline, flight_type, destination_city, actual_departure)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    try (PreparedStatement insert = connection.prepareStatement(sql)) {
      for (int i = 0; i < flights.size(); i++) {
        Flight flight = flights.get(i);
        insert.setLong(1, i + 1L);
        insert.setTimestamp(2, Timestamp.valueOf(flight.scheduledDeparture()));
        insert.setString(3, flight.flightNumber());
        insert.setString(4, flight.destination());
        insert.setString(5, flight.airlineCode());
        insert.setString(6, flight.airline());
        insert.setString(7, flight.type().code());
        insert.setString(8, flight.destinationCity());
        if (flight.hasDeparted()) {
          insert.setTimestamp(9, Timestamp.valueOf(flight.actualDeparture()));
        } else {
          insert.setNull(9, Types.TIMESTAMP);
        }
        insert.addBatch();
        if ((i + 1) % BATCH == 0 || i + 1 == flights.size()) {
          insert.executeBatch();
          progress.accept(i + 1L);
        }
      }
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
