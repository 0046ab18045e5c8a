package org.latamml.monitoring;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.latamml.features.FlightContext;
import org.latamml.features.FlightField;
import org.latamml.flight.Flight;
import org.latamml.store.StatementBatch;

/**
 * The {@code monitored_prediction} table: each version's latest prediction of each flight, and the
 * flight's outcome once it has left. Callers hand the connection, and with it the transaction.
 */
final class PredictionOutcomes {
  private static final String KEY =
      " WHERE model_version = ? AND shadow = ? AND airline = ? AND flight_number = ?"
          + " AND scheduled_departure = ?";
  // The flight's own inputs besides the key, then its context by the model's names for it.
  private static final String INPUTS =
      "airline_code, destination, flight_type, "
          + String.join(", ", FlightField.contextFields().stream().map(FlightField::key).toList());
  // What a prediction is: the columns a later, different one replaces, last_logged_at aside.
  private static final List<String> PREDICTION =
      Stream.concat(
              Stream.of("probability", "predicted_delayed"), Arrays.stream(INPUTS.split(", *")))
          .toList();
  // A row gets its flight's outcome only when its prediction was of that flight as stored: its
  // type, and its destination where the request gave one (as the model read it: in the spelling
  // the model knows, so compared without regard to case). A caller's prediction of the same
  // airline, number and time with other inputs is of another flight, and would count against the
  // model.
  private static final String DESCRIBES =
      " AND (flight_type IS NULL OR (flight_type = ?"
          + " AND (destination IS NULL OR LOWER(destination) = LOWER(?))))";
  // A row that has its outcome is replaced only by a prediction with the inputs it had, which
  // DESCRIBES checked.
  private static final String SAME_FLIGHT =
      " AND (actual_departure IS NULL OR (flight_type IS NOT DISTINCT FROM ?"
          + " AND LOWER(destination) IS NOT DISTINCT FROM LOWER(?)))";
  // A later prediction replaces the kept one when it differs from it, or when the kept one was made
  // more than REFRESH before: a flight asked about again and again with the same answer is not
  // written at each request, and last_logged_at is then right to within REFRESH.
  private static final String UPDATE_LATEST =
      "UPDATE monitored_prediction SET "
          + String.join(", ", PREDICTION.stream().map(c -> c + " = ?").toList())
          + ", last_logged_at = ?"
          + KEY
          + " AND last_logged_at < ? AND (last_logged_at < ? OR "
          + String.join(" OR ", PREDICTION.stream().map(c -> c + " IS DISTINCT FROM ?").toList())
          + ")"
          + SAME_FLIGHT;
  private static final String INSERT_ABSENT =
      "INSERT INTO monitored_prediction (model_version, shadow, airline, flight_number,"
          + " scheduled_departure, "
          + String.join(", ", PREDICTION)
          + ", last_logged_at, actual_departure, delayed)"
          + " SELECT "
          + String.join(", ", java.util.Collections.nCopies(5 + PREDICTION.size() + 3, "?"))
          + " WHERE NOT EXISTS (SELECT 1 FROM monitored_prediction"
          + KEY
          + ")";
  // What a kept row holds, for a prediction that did not replace it.
  private static final String KEPT =
      "SELECT "
          + String.join(", ", PREDICTION)
          + ", last_logged_at FROM monitored_prediction"
          + KEY;
  static final java.time.Duration REFRESH = java.time.Duration.ofHours(1);
  private static final String OUTCOME =
      "UPDATE monitored_prediction SET actual_departure = ?, delayed = ?";
  private static final String NEW_OUTCOME =
      " AND (actual_departure IS NULL OR actual_departure <> ?)";
  // Every version's rows of a flight.
  private static final String RESOLVE =
      OUTCOME
          + " WHERE airline = ? AND flight_number = ? AND scheduled_departure = ?"
          + NEW_OUTCOME
          + DESCRIBES;
  // One kept row, found by its key.
  private static final String RESOLVE_KEY = OUTCOME + KEY + NEW_OUTCOME + DESCRIBES;
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
  record Key(String modelVersion, boolean shadow, FlightName flight) {
    /** The table's primary key order. */
    static final Comparator<Key> ORDER =
        Comparator.comparing(Key::modelVersion)
            .thenComparing(Key::shadow)
            .thenComparing(key -> key.flight().airline())
            .thenComparing(key -> key.flight().flightNumber())
            .thenComparing(key -> key.flight().scheduledDeparture());
  }

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
   * The latest of a version's predictions of a flight.
   *
   * @param probability its probability of delay
   * @param delayed its label
   * @param loggedAt when it was made, UTC
   * @param inputs what the model read for the latest; null when it was logged before inputs were
   */
  record Latest(double probability, boolean delayed, LocalDateTime loggedAt, Inputs inputs) {
    /** This or another prediction of the same flight, whichever was made later. */
    Latest later(Latest other) {
      return other.loggedAt.isBefore(loggedAt) ? this : other;
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

  /**
   * Adds predictions: each flight's latest kept (a later one replaces it when it differs, or when
   * the kept one is older than {@link #REFRESH}); new rows come with the outcome of their flight
   * when it is among {@code departed} (by name), kept rows get the outcome they lack or a corrected
   * one.
   */
  static Added add(Connection connection, Map<Key, Latest> latest, Map<FlightName, Flight> departed)
      throws SQLException {
    return add(connection, latest, departed, key -> false);
  }

  /**
   * {@link #add(Connection, Map, Map)}, inserting first the rows of keys not {@code known} to have
   * a row: most such keys are new, and a new row then costs one statement instead of three.
   */
  static Added add(
      Connection connection,
      Map<Key, Latest> latest,
      Map<FlightName, Flight> departed,
      java.util.function.Predicate<Key> known)
      throws SQLException {
    List<Map.Entry<Key, Latest>> unknown = new ArrayList<>();
    List<Map.Entry<Key, Latest>> entries = new ArrayList<>();
    for (Map.Entry<Key, Latest> entry : latest.entrySet()) {
      (known.test(entry.getKey()) ? entries : unknown).add(entry);
    }
    unknown.sort(Map.Entry.comparingByKey(Key.ORDER));
    Inserted inserted = insertAbsent(connection, unknown, departed);
    entries.addAll(inserted.present());
    if (entries.isEmpty()) {
      return new Added(inserted.outcomes(), inserted.written());
    }
    Added rest = addKept(connection, entries, departed);
    List<Kept> written = new ArrayList<>(inserted.written());
    written.addAll(rest.kept());
    return new Added(inserted.outcomes() + rest.outcomes(), written);
  }

  /**
   * What inserting absent rows did.
   *
   * @param outcomes how many rows came with their flight's outcome
   * @param written the rows inserted
   * @param present the entries whose key had a row, which were not inserted
   */
  private record Inserted(int outcomes, List<Kept> written, List<Map.Entry<Key, Latest>> present) {}

  /** Inserts the rows of entries whose key has none, each with its flight's outcome if known. */
  private static Inserted insertAbsent(
      Connection connection, List<Map.Entry<Key, Latest>> entries, Map<FlightName, Flight> departed)
      throws SQLException {
    int outcomes = 0;
    List<Kept> written = new ArrayList<>();
    List<Map.Entry<Key, Latest>> present = new ArrayList<>();
    if (entries.isEmpty()) {
      return new Inserted(0, written, present);
    }
    try (PreparedStatement insert = connection.prepareStatement(INSERT_ABSENT)) {
      StatementBatch batch = new StatementBatch(insert);
      for (Map.Entry<Key, Latest> entry : entries) {
        setInsert(insert, entry.getKey(), entry.getValue(), departed);
        batch.add();
      }
      int[] inserted = batch.finish();
      for (int i = 0; i < inserted.length; i++) {
        Map.Entry<Key, Latest> entry = entries.get(i);
        if (inserted[i] > 0) {
          written.add(new Kept(entry.getKey(), entry.getValue()));
          if (outcomeFor(entry.getValue(), departed.get(entry.getKey().flight())) != null) {
            outcomes++;
          }
        } else {
          present.add(entry);
        }
      }
    }
    return new Inserted(outcomes, written, present);
  }

  /** Adds the predictions of keys that have a row, or had one when the batch began. */
  private static Added addKept(
      Connection connection, List<Map.Entry<Key, Latest>> entries, Map<FlightName, Flight> departed)
      throws SQLException {
    // In the primary key's order, each page of the table is read once a batch rather than once a
    // row: random keys read pages from the file at nearly every row once the table outgrows the
    // store's cache.
    entries.sort(Map.Entry.comparingByKey(Key.ORDER));
    int outcomes = 0;
    int[] updated;
    try (PreparedStatement update = connection.prepareStatement(UPDATE_LATEST)) {
      StatementBatch batch = new StatementBatch(update);
      int values = PREDICTION.size();
      for (Map.Entry<Key, Latest> entry : entries) {
        Latest l = entry.getValue();
        setPrediction(update, 1, l);
        update.setObject(values + 1, l.loggedAt());
        setKey(update, values + 2, entry.getKey());
        update.setObject(values + 7, l.loggedAt());
        update.setObject(values + 8, l.loggedAt().minus(REFRESH));
        setPrediction(update, values + 9, l);
        // SAME_FLIGHT: this prediction's type and destination, nulls when it logged none.
        update.setString(2 * values + 9, l.inputs() == null ? null : l.inputs().flightType());
        update.setString(2 * values + 10, l.inputs() == null ? null : l.inputs().destination());
        batch.add();
      }
      updated = batch.finish();
    }
    List<Kept> written = new ArrayList<>();
    List<Map.Entry<Key, Latest>> absent = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      if (updated[i] != 0) {
        written.add(new Kept(entries.get(i).getKey(), entries.get(i).getValue()));
      } else {
        absent.add(entries.get(i));
      }
    }
    Inserted inserted = insertAbsent(connection, absent, departed);
    written.addAll(inserted.written());
    // A row the batch left as it was (the monitor had forgotten it: a lease taken over, old rows
    // deleted) is read once, so that the next repeat of its prediction is known again.
    written.addAll(kept(connection, inserted.present().stream().map(Map.Entry::getKey).toList()));
    // Kept rows then given the outcome they lack, as they now stand: after the update, so that a
    // prediction of the flight that replaced one of other inputs gets it (new rows came with
    // theirs).
    try (PreparedStatement resolve = connection.prepareStatement(RESOLVE_KEY)) {
      StatementBatch batch = new StatementBatch(resolve);
      for (Map.Entry<Key, Latest> entry : entries) {
        Flight flight = departed.get(entry.getKey().flight());
        if (flight != null) {
          setOutcome(resolve, 1, flight);
          setKey(resolve, 3, entry.getKey());
          resolve.setObject(8, flight.actualDeparture());
          setDescribed(resolve, 9, flight);
          batch.add();
        }
      }
      outcomes += changed(batch.finish());
    }
    return new Added(outcomes + inserted.outcomes(), written);
  }

  /** Sets an absent row's insert: its key, prediction and the outcome of its flight if known. */
  private static void setInsert(
      PreparedStatement insert, Key key, Latest latest, Map<FlightName, Flight> departed)
      throws SQLException {
    Flight flight = outcomeFor(latest, departed.get(key.flight()));
    int loggedAt = 6 + PREDICTION.size();
    setKey(insert, 1, key);
    setPrediction(insert, 6, latest);
    insert.setObject(loggedAt, latest.loggedAt());
    if (flight == null) {
      insert.setNull(loggedAt + 1, Types.TIMESTAMP);
      insert.setNull(loggedAt + 2, Types.BOOLEAN);
    } else {
      setOutcome(insert, loggedAt + 1, flight);
    }
    setKey(insert, loggedAt + 3, key);
  }

  /** The rows of these keys as they are kept. */
  private static List<Kept> kept(Connection connection, List<Key> keys) throws SQLException {
    List<Kept> rows = new ArrayList<>(keys.size());
    try (PreparedStatement select = connection.prepareStatement(KEPT)) {
      for (Key key : keys) {
        setKey(select, 1, key);
        try (ResultSet row = select.executeQuery()) {
          if (row.next()) {
            rows.add(
                new Kept(
                    key,
                    new Latest(
                        row.getDouble(1),
                        row.getBoolean(2),
                        row.getObject(PREDICTION.size() + 1, LocalDateTime.class),
                        inputsOf(row, 3))));
          }
        }
      }
    }
    return rows;
  }

  /**
   * A row as a batch wrote it.
   *
   * @param key its key
   * @param latest the prediction it holds
   */
  record Kept(Key key, Latest latest) {}

  /**
   * What {@link #add} did.
   *
   * @param outcomes rows given an outcome or a corrected one
   * @param kept every row of the batch's keys as it now stands: inserted, replaced or read
   */
  record Added(int outcomes, List<Kept> kept) {}

  /**
   * Whether a prediction was of this flight as stored ({@link #DESCRIBES}): one logged before
   * inputs were is taken as it was.
   */
  static boolean describes(Inputs inputs, Flight flight) {
    return inputs == null
        || inputs.flightType() == null
        || (inputs.flightType().equals(flight.type().code())
            && (inputs.destination() == null
                // As the store's LOWER() and the models' spellings compare: not equalsIgnoreCase,
                // which takes "ſCFA" for "SCFA".
                || inputs
                    .destination()
                    .toLowerCase(Locale.ROOT)
                    .equals(flight.destination().toLowerCase(Locale.ROOT))));
  }

  /**
   * Whether two predictions under one name were of the same flight: the same type and destination
   * (compared as {@link #describes} does), or both logged before inputs were (one such and one with
   * inputs are told apart: either may be the one that describes the stored flight).
   */
  static boolean sameFlight(Inputs one, Inputs other) {
    if (one == null || other == null) {
      return one == null && other == null;
    }
    return (Objects.equals(one.flightType(), other.flightType())
        && Objects.equals(lower(one.destination()), lower(other.destination())));
  }

  private static String lower(String text) {
    return text == null ? null : text.toLowerCase(Locale.ROOT);
  }

  /** The departed flight whose outcome a new row gets: none when the prediction was not of it. */
  private static Flight outcomeFor(Latest latest, Flight departed) {
    return departed != null && describes(latest.inputs(), departed) ? departed : null;
  }

  /** The flight's type and destination, for {@link #DESCRIBES}, from {@code first}. */
  private static void setDescribed(PreparedStatement statement, int first, Flight flight)
      throws SQLException {
    statement.setString(first, flight.type().code());
    statement.setString(first + 1, flight.destination());
  }

  /** The prediction's columns ({@link #PREDICTION}) from {@code first}. */
  private static void setPrediction(PreparedStatement statement, int first, Latest latest)
      throws SQLException {
    statement.setDouble(first, latest.probability());
    statement.setBoolean(first + 1, latest.delayed());
    setInputs(statement, first + 2, latest.inputs());
  }

  private static void setOutcome(PreparedStatement statement, int first, Flight flight)
      throws SQLException {
    statement.setObject(first, flight.actualDeparture());
    statement.setBoolean(first + 1, flight.isDelayed());
  }

  private static int changed(int[] counts) {
    int rows = 0;
    for (int count : counts) {
      rows += Math.max(count, 0);
    }
    return rows;
  }

  /** The input columns ({@link #INPUTS}), one after another from {@code first}. */
  private static void setInputs(PreparedStatement statement, int first, Inputs inputs)
      throws SQLException {
    Inputs given = inputs == null ? new Inputs(null, null, null, null) : inputs;
    statement.setString(first, given.airlineCode());
    statement.setString(first + 1, given.destination());
    statement.setString(first + 2, given.flightType());
    List<FlightField> context = FlightField.contextFields();
    for (int k = 0; k < context.size(); k++) {
      int at = first + 3 + k;
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
    // A row kept before a context column existed (NULL in it) read back as no context, never as
    // zeros a model did not read.
    double[] values = new double[FlightField.contextFields().size()];
    boolean whole = true;
    for (int k = 0; k < values.length && whole; k++) {
      values[k] = rows.getFloat(first + 3 + k);
      whole = !rows.wasNull();
    }
    FlightContext context = whole ? FlightContext.of(values) : null;
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
      StatementBatch batch = new StatementBatch(update);
      for (Flight flight : departed) {
        setOutcome(update, 1, flight);
        update.setString(3, flight.airline());
        update.setString(4, flight.flightNumber());
        update.setObject(5, flight.scheduledDeparture());
        update.setObject(6, flight.actualDeparture());
        setDescribed(update, 7, flight);
        batch.add();
      }
      return changed(batch.finish());
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
