package org.latamml.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StatementBatchTest {
  private Connection connection;

  @BeforeEach
  void openTable() throws SQLException {
    connection = DriverManager.getConnection("jdbc:h2:mem:");
    try (Statement create = connection.createStatement()) {
      create.execute("CREATE TABLE item (id INT PRIMARY KEY, seen BOOLEAN)");
    }
    connection.setAutoCommit(false);
  }

  @AfterEach
  void close() throws SQLException {
    connection.close();
  }

  @Test
  void sendsEveryChunkOfRowsAsItFills() throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO item VALUES (?, ?)")) {
      StatementBatch batch = new StatementBatch(insert);
      for (int id = 1; id <= 2 * StatementBatch.CHUNK + 1; id++) {
        insert.setInt(1, id);
        insert.setBoolean(2, false);
        batch.add();
      }

      assertThat(rows()).isEqualTo(2 * StatementBatch.CHUNK);
      assertThat(batch.finish()).hasSize(2 * StatementBatch.CHUNK + 1).containsOnly(1);
      assertThat(rows()).isEqualTo(2 * StatementBatch.CHUNK + 1);
    }
  }

  @Test
  void countsEveryRowInTheOrderAddedAcrossChunks() throws SQLException {
    int present = 3 * StatementBatch.CHUNK;
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO item VALUES (?, ?)")) {
      StatementBatch batch = new StatementBatch(insert);
      for (int id = 1; id <= present; id++) {
        insert.setInt(1, id);
        insert.setBoolean(2, false);
        batch.add();
      }
      batch.finish();
    }
    try (PreparedStatement update =
        connection.prepareStatement("UPDATE item SET seen = TRUE WHERE id = ?")) {
      StatementBatch batch = new StatementBatch(update);
      // Every third id is past the table: its update changes nothing.
      for (int i = 1; i <= present; i++) {
        update.setInt(1, i % 3 == 0 ? present + i : i);
        batch.add();
      }

      int[] counts = batch.finish();

      assertThat(counts).hasSize(present);
      for (int i = 1; i <= present; i++) {
        assertThat(counts[i - 1]).as("row %d", i).isEqualTo(i % 3 == 0 ? 0 : 1);
      }
    }
  }

  @Test
  void leavesTheTransactionToTheCaller() throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO item VALUES (?, ?)")) {
      StatementBatch batch = new StatementBatch(insert);
      for (int id = 1; id <= StatementBatch.CHUNK + 10; id++) {
        insert.setInt(1, id);
        insert.setBoolean(2, false);
        batch.add();
      }
      batch.finish();
    }

    connection.rollback();

    assertThat(rows()).isZero();
  }

  @Test
  void finishesAnEmptyBatchWithNoCounts() throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO item VALUES (?, ?)")) {
      assertThat(new StatementBatch(insert).finish()).isEmpty();
    }
  }

  private int rows() throws SQLException {
    try (Statement count = connection.createStatement();
        ResultSet result = count.executeQuery("SELECT COUNT(*) FROM item")) {
      result.next();
      return result.getInt(1);
    }
  }
}
