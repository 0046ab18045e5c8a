package org.latamml.predictionlog;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.latamml.store.StoreException;

/** Reads the prediction log back, in the order the predictions were made. */
@Singleton
public class PredictionLogReader {
  private static final String COLUMNS =
      "logged_at, request_id, route, flight_id, airline_code, airline, flight_number,"
          + " scheduled_departure, model_version, probability, delayed, shadow, fallback,"
          + " input_digest";

  private final DataSource dataSource;

  PredictionLogReader(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Hands each entry the query selects to {@code each}, oldest first, at most {@code limit} of
   * them; how many it handed.
   */
  public int read(PredictionLogQuery query, int limit, Consumer<LoggedPrediction> each) {
    String sql =
        "SELECT "
            + COLUMNS
            + " FROM prediction_log WHERE "
            + query.where()
            + " ORDER BY logged_at FETCH FIRST "
            + limit
            + " ROWS ONLY";
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      // Rows stream from the database a page at a time rather than all at once (PostgreSQL needs a
      // transaction for that).
      connection.setAutoCommit(false);
      select.setFetchSize(1_000);
      List<Object> values = query.values();
      for (int i = 0; i < values.size(); i++) {
        select.setObject(i + 1, values.get(i));
      }
      int count = 0;
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          each.accept(entryOf(rows));
          count++;
        }
      }
      connection.commit();
      return count;
    } catch (SQLException e) {
      throw new StoreException("cannot read the prediction log: " + e.getMessage(), e);
    }
  }

  private static LoggedPrediction entryOf(ResultSet row) throws SQLException {
    long flightId = row.getLong(4);
    return new LoggedPrediction(
        row.getObject(1, LocalDateTime.class).toInstant(ZoneOffset.UTC).toEpochMilli(),
        row.getString(2),
        row.getString(3),
        flightId,
        row.getString(5),
        row.getString(6),
        row.getString(7),
        row.getObject(8, LocalDateTime.class),
        row.getString(9),
        row.getDouble(10),
        row.getBoolean(11),
        row.getBoolean(12),
        row.getBoolean(13),
        HexFormat.fromHexDigitsToLong(row.getString(14)));
  }
}
