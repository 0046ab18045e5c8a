package org.latamml.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;

/** A fresh in-memory H2 store with the service's migrations applied, one per test. */
final class StoreFixtures {
  private static final AtomicInteger NEXT = new AtomicInteger();

  private StoreFixtures() {}

  /** The JDBC URL of a new, migrated, empty store. */
  static String newStore() {
    String url = "jdbc:h2:mem:store" + NEXT.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
    Flyway.configure().dataSource(url, null, null).load().migrate();
    return url;
  }

  static Connection open(String url) throws SQLException {
    return DriverManager.getConnection(url);
  }

  static long count(String url, String table) throws SQLException {
    try (Connection c = open(url);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      r.next();
      return r.getLong(1);
    }
  }

  static String flightNumber(String url, long id) throws SQLException {
    try (Connection c = open(url);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT flight_number FROM flight WHERE id = " + id)) {
      return r.next() ? r.getString(1) : null;
    }
  }
}
