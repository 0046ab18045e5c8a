package org.latamml.monitoring;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.latamml.features.FlightContext;
import org.latamml.features.FlightField;
import org.latamml.flight.Flight;

/**
 * The {@code monitored_prediction} table: each version's latest prediction of each flight, and the
 * flight's outcome once it has left. Callers hand the connection, and with it the transaction.
 */
final class PredictionOutcomes {
  private static final String KEY =
      " WHERE model_version = ? AND shadow = ? AND airline = ? AND flight_number = ?"
          + " AND scheduled_departure = ?";
  private static final String INPUTS =
      "airline_code, destination, flight_type, scheduled_same_hour, departed_1_to_3h_before,"
          + " delay_rate_1_to_3h_before, mean_delay_1_to_3h_before, delay_rate_today,"
          + " airline_delay_rate_1_to_3h_before, scheduled_within_1h";
  // The columns a later prediction replaces, last_logged_at last.
  private static final List<String> REPLACED =
      Stream.of(
              Stream.of("probability", "predicted_delayed"),
              Arrays.stream(INPUTS.split(", *")),
              Stream.of("last_logged_at"))
          .flatMap(columns -> columns)
          .toList();
  // One statement, one look-up by key: the count raised, and each column replaced only when the
  // prediction is later than the one kept (every expression reads the row as it was).
  private static final String UPDATE_LATEST =
      "UPDATE monitored_prediction SET predictions = predictions + ?, "
          + String.join(
              ", ",
              REPLACED.stream()
                  .map(c -> c + " = CASE WHEN last_logged_at <= ? THEN ? ELSE " + c + " END")
                  .toList())
          + KEY;
  private static final String INSERT =
      "INSERT INTO monitored_prediction (model_version, shadow, airline, flight_number,"
          + " scheduled_departure, probability, predicted_delayed, predictions, last_logged_at, "
          + INPUTS
          + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String RESOLVE =
      "UPDATE monitored_prediction SET actual_departure = ?, delayed = ?"
          + " WHERE airline = ? AND flight_number = ? AND scheduled_departure = ?"
          + " AND (actual_departure IS NULL OR actual_departure <> ?)";
  private static final String WINDOW =
      "SELECT airline, flight_number, scheduled_departure, shadow, probability,"
          + " predicted_delayed, last_logged_at, actual_departure, delayed, "
          + INPUTS
          + " FROM monitored_prediction WHERE model_version = ? AND scheduled_departure >= ?"
          + " AND scheduled_departure < ?";
  private static final String VERSIONS =
      "SELECT DISTINCT model_version FROM monitored_prediction WHERE scheduled_departure >= ?"
          + " AND scheduled_departure < ?";

  private PredictionOutcomes() {}

  /**
   * A version's prediction of a flight, as it is kept.
   *
   * @param modelVersion the version
   * @param shadow whether it was a shadow prediction
   * @param flight the flight
   */
  record Key(String modelVersion, boolean shadow, FlightName flight) {}

  /**
   * What a model read of a flight besides its key: the fields a model may read and its context.
   *
   * @param airlineCode the scheduled airline's code; null for a flight described by its features
   * @param destination its destination; null when the request gave none
   * @param flightType {@code I} or {@code N}
   * @param context what it read of other flights; null for a model that reads none
   */
  record Inputs(String airlineCode, String destination, String flightType, FlightContext context) {}

  /**
   * The latest of a version's predictions of a flight, and how many it made.
   *
   * @param probability its probability of delay
   * @param delayed its label
   * @param loggedAt when it was made, UTC
   * @param predictions how many predictions it stands for
   * @param inputs what the model read for the latest; null when it was logged before inputs were
   */
  record Latest(
      double probability,
      boolean delayed,
      LocalDateTime loggedAt,
      long predictions,
      Inputs inputs) {
    /** This and a later or earlier prediction of the same flight: the later kept, both counted. */
    Latest and(Latest other) {
      Latest later = other.loggedAt.isBefore(loggedAt) ? this : other;
      return new Latest(
          later.probability,
          later.delayed,
          later.loggedAt,
          predictions + other.predictions,
          later.inputs);
    }
  }

  /**
   * A kept prediction and its outcome.
   *
   * @param flight the flight
   * @param shadow whether it was a shadow prediction
   * @param probability its probability of delay
   * @param predictedDelayed its label
   * @param loggedAt when it was made, UTC
   * @param actualDeparture when the flight left; null while it has not
   * @param delayed whether it left more than 15 minutes late; null while it has not left
   * @param inputs what the model read; null for a prediction logged before inputs were
   */
  record Row(
      FlightName flight,
      boolean shadow,
      double probability,
      boolean predictedDelayed,
      LocalDateTime loggedAt,
      LocalDateTime actualDeparture,
      Boolean delayed,
      Inputs inputs) {}

  /** Adds predictions: each flight's latest kept, its count raised. */
  static void add(Connection connection, Map<Key, Latest> latest) throws SQLException {
    List<Map.Entry<Key, Latest>> entries = new ArrayList<>(latest.entrySet());
    int[] updated;
    try (PreparedStatement update = connection.prepareStatement(UPDATE_LATEST)) {
      for (Map.Entry<Key, Latest> entry : entries) {
        Latest l = entry.getValue();
        update.setLong(1, l.predictions());
        // Column k's condition at 2k + 2, its value at 2k + 3.
        for (int k = 0; k < REPLACED.size(); k++) {
          update.setObject(2 * k + 2, l.loggedAt());
        }
        update.setDouble(3, l.probability());
        update.setBoolean(5, l.delayed());
        setInputs(update, 7, 2, l.inputs());
        update.setObject(2 * REPLACED.size() + 1, l.loggedAt());
        setKey(update, 2 * REPLACED.size() + 2, entry.getKey());
        update.addBatch();
      }
      updated = update.executeBatch();
    }
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      for (int i = 0; i < entries.size(); i++) {
        if (updated[i] != 0) {
          continue;
        }
        Key key = entries.get(i).getKey();
        Latest l = entries.get(i).getValue();
        setKey(insert, 1, key);
        insert.setDouble(6, l.probability());
        insert.setBoolean(7, l.delayed());
        insert.setLong(8, l.predictions());
        insert.setObject(9, l.loggedAt());
        setInputs(insert, 10, 1, l.inputs());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /** The ten input columns, the first at {@code first}, each {@code step} after the last. */
  private static void setInputs(PreparedStatement statement, int first, int step, Inputs inputs)
      throws SQLException {
    Inputs given = inputs == null ? new Inputs(null, null, null, null) : inputs;
    statement.setString(first, given.airlineCode());
    statement.setString(first + step, given.destination());
    statement.setString(first + 2 * step, given.flightType());
    List<FlightField> context = FlightField.contextFields();
    for (int k = 0; k < context.size(); k++) {
      int at = first + (3 + k) * step;
      if (given.context() == null) {
        statement.setNull(at, Types.REAL);
      } else {
        // As the model read them: floats (a REAL holds the counts exactly).
        statement.setFloat(at, (float) context.get(k).valueIn(given.context()));
      }
    }
  }

  /** The inputs of a row read by {@link #WINDOW}, from column {@code first}; null if none. */
  private static Inputs inputsOf(ResultSet rows, int first) throws SQLException {
    String type = rows.getString(first + 2);
    if (type == null) {
      return null;
    }
    FlightContext context = null;
    if (rows.getObject(first + 3) != null) {
      double[] values = new double[FlightField.contextFields().size()];
      for (int k = 0; k < values.length; k++) {
        values[k] = rows.getFloat(first + 3 + k);
      }
      context = FlightContext.of(values);
    }
    return new Inputs(rows.getString(first), rows.getString(first + 1), type, context);
  }

  private static void setKey(PreparedStatement statement, int first, Key key) throws SQLException {
    statement.setString(first, key.modelVersion());
    statement.setBoolean(first + 1, key.shadow());
    statement.setString(first + 2, key.flight().airline());
    statement.setString(first + 3, key.flight().flightNumber());
    statement.setObject(first + 4, key.flight().scheduledDeparture());
  }

  /**
   * Gives every version's predictions of these departed flights their outcome, or the outcome as
   * corrected; how many rows changed.
   */
  static int resolve(Connection connection, List<Flight> departed) throws SQLException {
    if (departed.isEmpty()) {
      return 0;
    }
    try (PreparedStatement update = connection.prepareStatement(RESOLVE)) {
      for (Flight flight : departed) {
        update.setObject(1, flight.actualDeparture());
        update.setBoolean(2, flight.isDelayed());
        update.setString(3, flight.airline());
        update.setString(4, flight.flightNumber());
        update.setObject(5, flight.scheduledDeparture());
        update.setObject(6, flight.actualDeparture());
        update.addBatch();
      }
      int rows = 0;
      for (int count : update.executeBatch()) {
        rows += Math.max(count, 0);
      }
      return rows;
    }
  }

  /** Forgets the kept predictions of flights scheduled before {@code before}; how many. */
  static int forgetBefore(Connection connection, LocalDateTime before) throws SQLException {
    try (PreparedStatement delete =
        connection.prepareStatement(
            "DELETE FROM monitored_prediction WHERE scheduled_departure < ?")) {
      delete.setObject(1, before);
      return delete.executeUpdate();
    }
  }

  /**
   * Each flight's latest kept prediction (a flight predicted both as an answer and as a shadow
   * counts once), in {@link FlightName#ORDER}: one order whatever the store's, so that figures with
   * ties (the AUC) do not depend on it.
   */
  static List<Row> latestPerFlight(List<Row> rows) {
    Map<FlightName, Row> latest = new java.util.HashMap<>();
    for (Row row : rows) {
      latest.merge(row.flight(), row, (a, b) -> a.loggedAt().isBefore(b.loggedAt()) ? b : a);
    }
    List<Row> flights = new ArrayList<>(latest.values());
    flights.sort(java.util.Comparator.comparing(Row::flight, FlightName.ORDER));
    return flights;
  }

  /** A version's kept predictions of the flights scheduled in [from, to). */
  static List<Row> window(
      Connection connection, String version, LocalDateTime from, LocalDateTime to)
      throws SQLException {
    List<Row> found = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(WINDOW)) {
      select.setString(1, version);
      select.setObject(2, from);
      select.setObject(3, to);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          boolean known = rows.getObject(8) != null;
          found.add(
              new Row(
                  new FlightName(
                      rows.getString(1), rows.getString(2), rows.getObject(3, LocalDateTime.class)),
                  rows.getBoolean(4),
                  rows.getDouble(5),
                  rows.getBoolean(6),
                  rows.getObject(7, LocalDateTime.class),
                  known ? rows.getObject(8, LocalDateTime.class) : null,
                  known ? rows.getBoolean(9) : null,
                  inputsOf(rows, 10)));
        }
      }
    }
    return found;
  }

  /** The versions with predictions of flights scheduled in [from, to). */
  static List<String> versions(Connection connection, LocalDateTime from, LocalDateTime to)
      throws SQLException {
    List<String> versions = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(VERSIONS)) {
      select.setObject(1, from);
      select.setObject(2, to);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          versions.add(rows.getString(1));
        }
      }
    }
    return versions;
  }
}
