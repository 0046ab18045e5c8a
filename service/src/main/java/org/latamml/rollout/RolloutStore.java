package org.latamml.rollout;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.latamml.problem.ConflictProblem;
import org.latamml.store.StoreException;

/**
 * The rollout's history in the store, shared by every instance: a change is a new row, never an
 * update, so that the history says who set what and when, and a rollback is a change too.
 */
@Singleton
public class RolloutStore {
  private static final String COLUMNS =
      "id, champion, challenger, challenger_share, mode, previous_id, action, set_by, set_at,"
          + " restored_id";
  // Two instances changing the rollout at once both read the same highest id: one insert wins, the
  // other tries again on the new history.
  private static final int ATTEMPTS = 5;

  private final DataSource dataSource;

  RolloutStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The rollout in force, if one was ever set. */
  public Optional<Rollout> current() {
    List<Rollout> latest = history(1);
    return latest.isEmpty() ? Optional.empty() : Optional.of(latest.get(0));
  }

  /** The id of the rollout in force, 0 when none was set: cheap enough to ask every second. */
  public long currentId() {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement("SELECT MAX(id) FROM rollout");
        ResultSet row = query.executeQuery()) {
      row.next();
      return row.getLong(1);
    } catch (SQLException e) {
      throw new StoreException("cannot read the rollout: " + e.getMessage(), e);
    }
  }

  /** The latest {@code limit} rollouts, newest first. */
  public List<Rollout> history(int limit) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM rollout ORDER BY id DESC FETCH FIRST ? ROWS ONLY")) {
      query.setInt(1, limit);
      List<Rollout> rollouts = new ArrayList<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          rollouts.add(read(rows));
        }
      }
      return rollouts;
    } catch (SQLException e) {
      throw new StoreException("cannot read the rollout: " + e.getMessage(), e);
    }
  }

  /**
   * The first rollout, serving {@code champion} alone, unless another instance wrote one first: the
   * rollout in force either way.
   */
  public Rollout start(String champion, String who) {
    Rollout first =
        new Rollout(1, champion, null, 0, Rollout.Mode.CANARY, null, null, "start", who, now());
    try (Connection connection = dataSource.getConnection()) {
      if (read(connection, "SELECT " + COLUMNS + " FROM rollout WHERE id = 1").isEmpty()) {
        insert(connection, first);
      }
    } catch (SQLException e) {
      // Another instance's first rollout came between the read and the insert: its stands.
    }
    return current().orElseThrow(() -> new StoreException("cannot write the first rollout", null));
  }

  /**
   * Puts {@code desired} in force, as set by {@code who}, if the rollout in force is one {@code
   * inForce} admits; the rollout written.
   *
   * @throws org.latamml.problem.PreconditionFailedProblem when another rollout is in force
   */
  public Rollout set(Rollout desired, String who, IfMatch inForce) {
    return change(
        inForce,
        current ->
            desired.replacing(current == null ? null : current.id(), null, "set", who, now()));
  }

  /**
   * Returns to the rollout before the one in force, as a new rollout whose own previous one is that
   * rollout's: rolling back again steps further back.
   *
   * @throws ConflictProblem when the rollout in force replaced none
   * @throws org.latamml.problem.PreconditionFailedProblem when {@code inForce} does not admit the
   *     rollout in force
   */
  public Rollout rollback(String who, IfMatch inForce) {
    return change(
        inForce,
        current -> {
          if (current == null || current.previousId() == null) {
            throw new ConflictProblem("the rollout in force is the first: there is none before it");
          }
          Rollout before = byId(current.previousId());
          return before.replacing(before.previousId(), before.id(), "rollback", who, now());
        });
  }

  /** The rollout that {@link #rollback} would put in force, if there is one. */
  public Optional<Rollout> beforeCurrent() {
    return current().map(Rollout::previousId).map(this::byId);
  }

  private interface Change {
    Rollout next(Rollout current);
  }

  // Each rollout's id is the one before it plus one, and a second writer of an id is refused by the
  // key: a change made on rollout n is either the one that wrote n + 1, or read again.
  private Rollout change(IfMatch inForce, Change change) {
    SQLException last = null;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Rollout current = current().orElse(null);
      inForce.require(current == null ? 0 : current.id());
      Rollout next = change.next(current);
      long id = current == null ? 1 : current.id() + 1;
      Rollout numbered = next.numbered(id);
      try (Connection connection = dataSource.getConnection()) {
        insert(connection, numbered);
        return numbered;
      } catch (SQLException e) {
        last = e;
      }
    }
    throw new StoreException("cannot change the rollout: " + last.getMessage(), last);
  }

  Rollout byId(long id) {
    try (Connection connection = dataSource.getConnection()) {
      return read(connection, "SELECT " + COLUMNS + " FROM rollout WHERE id = " + id)
          .orElseThrow(() -> new StoreException("rollout " + id + " is missing", null));
    } catch (SQLException e) {
      throw new StoreException("cannot read the rollout: " + e.getMessage(), e);
    }
  }

  private static Optional<Rollout> read(Connection connection, String sql) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(sql);
        ResultSet rows = query.executeQuery()) {
      return rows.next() ? Optional.of(read(rows)) : Optional.empty();
    }
  }

  private static void insert(Connection connection, Rollout rollout) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO rollout (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setLong(1, rollout.id());
      insert.setString(2, rollout.champion());
      insert.setString(3, rollout.challenger());
      insert.setDouble(4, rollout.challengerShare());
      insert.setString(5, rollout.mode().wireName());
      if (rollout.previousId() == null) {
        insert.setNull(6, Types.BIGINT);
      } else {
        insert.setLong(6, rollout.previousId());
      }
      insert.setString(7, rollout.action());
      insert.setString(8, rollout.setBy());
      insert.setTimestamp(9, Timestamp.from(rollout.setAt()));
      if (rollout.restoredId() == null) {
        insert.setNull(10, Types.BIGINT);
      } else {
        insert.setLong(10, rollout.restoredId());
      }
      insert.executeUpdate();
    }
  }

  private static Rollout read(ResultSet row) throws SQLException {
    long previous = row.getLong(6);
    Long previousId = row.wasNull() ? null : previous;
    long restored = row.getLong(10);
    Long restoredId = row.wasNull() ? null : restored;
    return new Rollout(
        row.getLong(1),
        row.getString(2),
        row.getString(3),
        row.getDouble(4),
        Rollout.Mode.of(row.getString(5)),
        previousId,
        restoredId,
        row.getString(7),
        row.getString(8),
        row.getTimestamp(9).toInstant());
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }
}
