package org.latamml.monitoring;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The predictions logged that the outcome monitor has yet to read: what a live figure may still
 * gain. The monitor keeps to a small share of a processor, so a burst of predictions (a canary's
 * first minutes, a year asked at once) is read over minutes, and until then the kept predictions a
 * comparison or a quality counts lag behind the log.
 *
 * @param predictions log entries past the monitor's place in the log (of every instance)
 * @param since when the oldest of their segments began, UTC; absent when none waits
 */
public record MonitorBacklog(long predictions, Instant since) {
  /** Nothing waits. */
  static final MonitorBacklog NONE = new MonitorBacklog(0, null);

  // The log's numbers are given in commit order and the monitor's cursor is the last it read
  // (V6__log_sequence.sql): what lies past the cursor is exactly what it has yet to read.
  private static final String UNREAD =
      "SELECT SUM(entries), MIN(first_logged_at) FROM prediction_log"
          + " WHERE log_seq > (SELECT cursor_log_seq FROM monitor_state WHERE id = 1)";

  /** Reads the backlog from the store. */
  static MonitorBacklog read(Connection connection) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(UNREAD);
        ResultSet row = select.executeQuery()) {
      row.next();
      long predictions = row.getLong(1);
      LocalDateTime oldest = row.getObject(2, LocalDateTime.class);
      return new MonitorBacklog(
          predictions, oldest == null ? null : oldest.toInstant(ZoneOffset.UTC));
    }
  }

  /** The clause a reason adds when predictions wait, or nothing. */
  String clause() {
    return predictions > 0
        ? "; "
            + predictions
            + " predictions logged since "
            + since
            + " are not yet read by the outcome monitor, and may add to them"
        : "";
  }
}
