package org.latamml.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * A JDBC batch sent every {@link #CHUNK} rows rather than once at the end, within the caller's
 * transaction: a driver keeps every added row's parameters until the batch runs (H2 as one value
 * object each, 44 for a kept prediction's update: 880,000 for a batch of 20,000), long enough for
 * them to be promoted, in bursts of full collections (docs/PERFORMANCE.md, "The monitor's
 * statements sent in chunks").
 */
public final class StatementBatch {
  /** Rows sent at a time. */
  public static final int CHUNK = 500;

  private final PreparedStatement statement;
  private int[] counts = new int[CHUNK];
  private int sent;
  private int waiting;

  /** A batch of {@code statement}, whose parameters the caller sets before each {@link #add()}. */
  public StatementBatch(PreparedStatement statement) {
    this.statement = statement;
  }

  /** Adds the row whose parameters are set, sending the batch once it holds {@link #CHUNK}. */
  public void add() throws SQLException {
    statement.addBatch();
    if (++waiting == CHUNK) {
      send();
    }
  }

  /** Sends what waits; the update count of every row added, in the order added. */
  public int[] finish() throws SQLException {
    if (waiting > 0) {
      send();
    }
    return Arrays.copyOf(counts, sent);
  }

  private void send() throws SQLException {
    int[] chunk = statement.executeBatch();
    if (sent + chunk.length > counts.length) {
      counts = Arrays.copyOf(counts, Math.max(counts.length * 2, sent + chunk.length));
    }
    System.arraycopy(chunk, 0, counts, sent, chunk.length);
    sent += chunk.length;
    waiting = 0;
  }
}
