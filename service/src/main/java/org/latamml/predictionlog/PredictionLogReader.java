package org.latamml.predictionlog;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.latamml.store.StoreException;

/**
 * Reads the prediction log back: the segments that may hold the time asked, in the order they were
 * begun, each one's entries in the order they were made.
 */
@Singleton
public class PredictionLogReader {
  private static final String SELECT =
      "SELECT body FROM prediction_log WHERE first_logged_at >= ? AND first_logged_at < ?"
          + " ORDER BY first_logged_at, instance_id, segment";

  private static final String SELECT_AFTER =
      "SELECT first_logged_at, instance_id, segment, body FROM prediction_log"
          + " WHERE first_logged_at <= ? AND (first_logged_at > ? OR (first_logged_at = ?"
          + " AND (instance_id > ? OR (instance_id = ? AND segment > ?))))"
          + " ORDER BY first_logged_at, instance_id, segment FETCH FIRST ? ROWS ONLY";

  private final DataSource dataSource;

  /**
   * A place in the log: a segment, in the order segments are read once (by first time, instance,
   * number).
   *
   * @param firstLoggedAt the segment's first time, UTC
   * @param instanceId the instance that wrote it
   * @param segment its number there
   */
  public record Place(java.time.LocalDateTime firstLoggedAt, String instanceId, long segment) {
    /** Before every segment. */
    public static final Place START =
        new Place(java.time.LocalDateTime.of(1970, 1, 1, 0, 0), "", -1);
  }

  PredictionLogReader(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Hands every entry of the segments after {@code after}, begun up to {@code upTo} (UTC), at most
   * {@code segments} of them, to {@code each}, on the caller's connection; the place of the last
   * segment read, or {@code after} when there was none.
   */
  public static Place readAfter(
      Connection connection,
      Place after,
      java.time.LocalDateTime upTo,
      int segments,
      Consumer<LoggedPrediction> each)
      throws SQLException {
    Place last = after;
    try (PreparedStatement select = connection.prepareStatement(SELECT_AFTER)) {
      select.setObject(1, upTo);
      select.setObject(2, after.firstLoggedAt());
      select.setObject(3, after.firstLoggedAt());
      select.setString(4, after.instanceId());
      select.setString(5, after.instanceId());
      select.setLong(6, after.segment());
      select.setInt(7, segments);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          LogSegment.decode(rows.getBytes(4), each);
          last =
              new Place(
                  rows.getObject(1, java.time.LocalDateTime.class),
                  rows.getString(2),
                  rows.getLong(3));
        }
      }
    }
    return last;
  }

  /**
   * Hands each entry the query selects to {@code each}, at most {@code limit} of them; how many it
   * handed.
   */
  public int read(PredictionLogQuery query, int limit, Consumer<LoggedPrediction> each) {
    long from = query.from().toEpochMilli();
    long to = query.to().toEpochMilli();
    int[] count = {0};
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(SELECT)) {
      // Segments stream from the database a few at a time rather than all at once (PostgreSQL
      // needs a transaction for that).
      connection.setAutoCommit(false);
      select.setFetchSize(16);
      // A segment begun up to its longest span before the time asked may hold entries of it.
      select.setObject(1, PredictionLog.utc(from - PredictionLog.MAX_SPAN_MILLIS));
      select.setObject(2, PredictionLog.utc(to));
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next() && count[0] < limit) {
          LogSegment.decode(
              rows.getBytes(1),
              entry -> {
                if (count[0] < limit
                    && entry.loggedAtMillis() >= from
                    && entry.loggedAtMillis() < to
                    && query.selects(entry)) {
                  count[0]++;
                  each.accept(entry);
                }
              });
        }
      }
      connection.commit();
      return count[0];
    } catch (SQLException e) {
      throw new StoreException("cannot read the prediction log: " + e.getMessage(), e);
    }
  }
}
