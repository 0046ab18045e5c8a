package org.latamml.store;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;

/**
 * Fresh, migrated, empty stores for the store tests: H2 in memory, and the PostgreSQL server named
 * by {@code LATAM_TEST_POSTGRES_URL} (with {@code _USER} and {@code _PASSWORD}), which {@code
 * .ci/run} installs and starts. Without it the PostgreSQL tests are skipped, saying so, unless
 * {@code LATAM_REQUIRE_POSTGRES} is set, as in CI, where they fail instead.
 */
public final class StoreFixtures {
  private static final AtomicInteger NEXT = new AtomicInteger();

  /**
   * A store's connection settings.
   *
   * @param url its JDBC URL
   * @param user its user, null for H2
   * @param password its password, null for H2
   */
  public record Store(String url, String user, String password) {
    /** A new connection to it. */
    public Connection open() throws SQLException {
      return DriverManager.getConnection(url, user, password);
    }

    /** A data source of it, as the service's pool hands out connections. */
    public javax.sql.DataSource dataSource() {
      if (url.startsWith("jdbc:postgresql:")) {
        org.postgresql.ds.PGSimpleDataSource source = new org.postgresql.ds.PGSimpleDataSource();
        source.setURL(url);
        source.setUser(user);
        source.setPassword(password);
        return source;
      }
      org.h2.jdbcx.JdbcDataSource source = new org.h2.jdbcx.JdbcDataSource();
      source.setURL(url);
      return source;
    }

    StoreSettings settings() {
      return new StoreSettings(url, user, password);
    }
  }

  private StoreFixtures() {}

  /** A new H2 store. */
  public static Store h2() {
    Store store =
        new Store("jdbc:h2:mem:store" + NEXT.incrementAndGet() + ";DB_CLOSE_DELAY=-1", null, null);
    migrate(store, false);
    return store;
  }

  /** A new H2 store migrated up to {@code version} only, for what a later migration does. */
  public static Store h2UpTo(String version) {
    Store store =
        new Store("jdbc:h2:mem:store" + NEXT.incrementAndGet() + ";DB_CLOSE_DELAY=-1", null, null);
    migrate(store, false, version);
    return store;
  }

  /** The PostgreSQL test database, emptied and migrated up to {@code version} only. */
  public static Store postgresUpTo(String version) {
    Store store = postgresSettings();
    migrate(store, true, version);
    return store;
  }

  /** Migrates {@code store} to the latest version. */
  public static void migrateToLatest(Store store) {
    migrate(store, false, "latest");
  }

  /** The PostgreSQL test database, emptied and migrated. */
  public static Store postgres() {
    Store store = postgresSettings();
    migrate(store, true);
    return store;
  }

  private static Store postgresSettings() {
    String url = System.getenv("LATAM_TEST_POSTGRES_URL");
    if (System.getenv("LATAM_REQUIRE_POSTGRES") == null) {
      assumeTrue(
          url != null, "skipped: no PostgreSQL (set LATAM_TEST_POSTGRES_URL, as .ci/run does)");
    }
    if (url == null) {
      throw new IllegalStateException(
          "LATAM_REQUIRE_POSTGRES is set but LATAM_TEST_POSTGRES_URL is not");
    }
    return new Store(
        url,
        System.getenv("LATAM_TEST_POSTGRES_USER"),
        System.getenv("LATAM_TEST_POSTGRES_PASSWORD"));
  }

  private static void migrate(Store store, boolean clean) {
    migrate(store, clean, "latest");
  }

  private static void migrate(Store store, boolean clean, String target) {
    Flyway flyway =
        Flyway.configure()
            .dataSource(store.url(), store.user(), store.password())
            .locations(store.settings().migrations())
            .target(target)
            .cleanDisabled(!clean)
            .load();
    if (clean) {
      flyway.clean();
    }
    flyway.migrate();
  }

  static long count(Store store, String table) throws SQLException {
    try (Connection c = store.open();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      r.next();
      return r.getLong(1);
    }
  }

  static String flightNumber(Store store, long id) throws SQLException {
    try (Connection c = store.open();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT flight_number FROM flight WHERE id = " + id)) {
      return r.next() ? r.getString(1) : null;
    }
  }
}
