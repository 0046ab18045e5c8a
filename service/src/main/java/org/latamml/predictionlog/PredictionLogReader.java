package org.latamml.predictionlog;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.Consumer;
import java.util.function.Predicate;
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
      "SELECT log_seq, body FROM prediction_log WHERE log_seq > ? ORDER BY log_seq"
          + " FETCH FIRST ? ROWS ONLY";

  private final DataSource dataSource;

  PredictionLogReader(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Where a read of the log after a number ended.
   *
   * @param last the number of the last segment read, or the number read after when there was none
   * @param entries how many entries the segments read held, whether handed on or not
   */
  public record Reached(long last, long entries) {}

  /**
   * Hands every entry {@code wanted} takes of the segments numbered after {@code after}, in the
   * order they were committed, at most {@code segments} of them, to {@code each}, on the caller's
   * connection. {@code wanted} is asked of a prediction's own fields, never its time or request,
   * once for it and the entries that repeat it.
   */
  public static Reached readAfter(
      Connection connection,
      long after,
      int segments,
      Predicate<LoggedPrediction> wanted,
      Consumer<LoggedPrediction> each)
      throws SQLException {
    long last = after;
    long entries = 0;
    try (PreparedStatement select = connection.prepareStatement(SELECT_AFTER)) {
      select.setLong(1, after);
      select.setInt(2, segments);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          last = rows.getLong(1);
          entries += LogSegment.decode(rows.getBytes(2), wanted, each);
        }
      }
    }
    return new Reached(last, entries);
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
