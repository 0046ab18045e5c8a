package org.latamml.store;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.latamml.flight.Flight;
import org.latamml.flight.FlightType;

/**
 * The flight store over JDBC (H2 locally, PostgreSQL in production). Lookups by id go through a
 * cache, absent ids included, so that repeated and unknown ids never reach the database twice.
 */
@ApplicationScoped
public class JdbcFlightStore implements FlightStore {
  private static final String COLUMNS =
      "id, scheduled_departure, flight_number, destination, airline_code, airline, flight_type,"
          + " destination_city, actual_departure";

  private final DataSource dataSource;
  private final LoadingCache<Long, Optional<StoredFlight>> byId;

  JdbcFlightStore(DataSource dataSource) {
    this.dataSource = dataSource;
    this.byId = Caffeine.newBuilder().maximumSize(200_000).build(this::load);
  }

  @Override
  public Optional<StoredFlight> find(long id) {
    return byId.get(id);
  }

  /** Forgets cached lookups: after an import. */
  public void invalidate() {
    byId.invalidateAll();
  }

  @Override
  public long count() {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM flight")) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw new StoreException("cannot count flights", e);
    }
  }

  @Override
  public List<StoredFlight> all() {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT " + COLUMNS + " FROM flight ORDER BY id")) {
      List<StoredFlight> flights = new ArrayList<>();
      while (rows.next()) {
        flights.add(read(rows));
      }
      return flights;
    } catch (SQLException e) {
      throw new StoreException("cannot read flights", e);
    }
  }

  @Override
  public boolean isReachable() {
    try (Connection connection = dataSource.getConnection()) {
      return connection.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  private Optional<StoredFlight> load(long id) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query =
            connection.prepareStatement("SELECT " + COLUMNS + " FROM flight WHERE id = ?")) {
      query.setLong(1, id);
      try (ResultSet rows = query.executeQuery()) {
        return rows.next() ? Optional.of(read(rows)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new StoreException("cannot look up flight " + id, e);
    }
  }

  private static StoredFlight read(ResultSet row) throws SQLException {
    Timestamp departed = row.getTimestamp(9);
    return new StoredFlight(
        row.getLong(1),
        new Flight(
            row.getTimestamp(2).toLocalDateTime(),
            row.getString(3),
            row.getString(4),
            row.getString(5),
            row.getString(6),
            FlightType.ofCode(row.getString(7).strip()),
            row.getString(8),
            departed == null ? null : departed.toLocalDateTime()));
  }
}
