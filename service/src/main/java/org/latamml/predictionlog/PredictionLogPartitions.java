package org.latamml.predictionlog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** The prediction log's day partitions on PostgreSQL: {@code prediction_log_YYYYMMDD}. */
final class PredictionLogPartitions {
  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
  private static final String PREFIX = "prediction_log_";

  private PredictionLogPartitions() {}

  /** The partition of a UTC day. */
  static String nameOf(LocalDate day) {
    return PREFIX + DAY.format(day);
  }

  /**
   * Creates a day's partition unless it exists. Another instance may create it at the same moment:
   * its creation is as good as this one's.
   */
  static void create(Connection connection, LocalDate day) throws SQLException {
    if (exists(connection, day)) {
      return;
    }
    try (Statement create = connection.createStatement()) {
      create.execute(
          String.format(
              "CREATE TABLE IF NOT EXISTS %s PARTITION OF prediction_log FOR VALUES FROM ('%s')"
                  + " TO ('%s')",
              nameOf(day), day, day.plusDays(1)));
    } catch (SQLException e) {
      if (!exists(connection, day)) {
        throw e;
      }
    }
  }

  private static boolean exists(Connection connection, LocalDate day) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement("SELECT to_regclass(?)")) {
      query.setString(1, nameOf(day));
      try (ResultSet row = query.executeQuery()) {
        row.next();
        return row.getString(1) != null;
      }
    }
  }

  /** Drops the partitions of days before {@code firstKept}; how many. */
  static int dropBefore(Connection connection, LocalDate firstKept) throws SQLException {
    List<String> old = new ArrayList<>();
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                + " JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'prediction_log'")) {
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          String name = rows.getString(1);
          if (name.matches(PREFIX + "[0-9]{8}")
              && LocalDate.parse(name.substring(PREFIX.length()), DAY).isBefore(firstKept)) {
            old.add(name);
          }
        }
      }
    }
    try (Statement drop = connection.createStatement()) {
      for (String name : old) {
        drop.execute("DROP TABLE IF EXISTS " + name);
      }
    }
    return old.size();
  }
}
