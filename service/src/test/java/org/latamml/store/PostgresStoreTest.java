package org.latamml.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.latamml.fixtures.FlightFixtures;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The store suite on PostgreSQL, the production store, plus what only it has: monthly partitions,
 * and lookups that are index scans.
 */
class PostgresStoreTest extends StoreSuite {
  @Override
  StoreFixtures.Store newStore() {
    return StoreFixtures.postgres();
  }

  @Override
  StoreFixtures.Store storeUpTo(String version) {
    return StoreFixtures.postgresUpTo(version);
  }

  @Override
  PGSimpleDataSource dataSource() {
    PGSimpleDataSource source = new PGSimpleDataSource();
    source.setURL(url.url());
    source.setUser(url.user());
    source.setPassword(url.password());
    return source;
  }

  private Path yearOfFlights() throws IOException {
    return FlightFixtures.writeRaw(
        dir.resolve("year.csv"), FlightFixtures.syntheticYear(30_000, 17));
  }

  /** A year of flights imported, and its statistics gathered as autovacuum would. */
  private void importAnalyzedYear() throws Exception {
    importer.importFile(yearOfFlights(), false, rows -> {});
    try (Connection c = url.open();
        Statement s = c.createStatement()) {
      s.execute("ANALYZE flight");
    }
  }

  private List<String> plan(String sql, Object... parameters) throws SQLException {
    try (Connection c = url.open();
        PreparedStatement explain = c.prepareStatement("EXPLAIN " + sql)) {
      for (int i = 0; i < parameters.length; i++) {
        explain.setObject(i + 1, parameters[i]);
      }
      List<String> lines = new ArrayList<>();
      try (ResultSet rows = explain.executeQuery()) {
        while (rows.next()) {
          lines.add(rows.getString(1));
        }
      }
      return lines;
    }
  }

  @Test
  void flightsLandInTheirMonthsPartition() throws Exception {
    importer.importFile(yearOfFlights(), false, rows -> {});

    try (Connection c = url.open();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT tableoid::regclass::text, COUNT(*) FROM flight GROUP BY 1 ORDER BY 1")) {
      List<String> partitions = new ArrayList<>();
      while (r.next()) {
        partitions.add(r.getString(1));
      }
      assertThat(partitions).hasSize(12).allMatch(name -> name.startsWith("flight_2017_"));
    }
  }

  @Test
  void lookupsByIdAndByAirlineNumberAndDateAreIndexScans() throws Exception {
    importAnalyzedYear();

    List<String> byId = plan("SELECT * FROM flight WHERE id = ?", 12_345L);
    List<String> byNumber =
        plan(
            "SELECT * FROM flight WHERE airline_code = ? AND flight_number = ?"
                + " AND scheduled_departure >= ? AND scheduled_departure < ?",
            "LAN",
            "226",
            java.sql.Timestamp.valueOf("2017-03-01 00:00:00"),
            java.sql.Timestamp.valueOf("2017-03-02 00:00:00"));

    // Every month's partition is probed through its index on id; the empty default partition
    // costs nothing either way.
    assertThat(byId.stream().filter(line -> line.contains("flight_2017_")))
        .hasSize(12)
        .allMatch(line -> line.contains("Index"));
    assertThat(String.join("\n", byNumber))
        .contains("Index")
        .doesNotContain("Seq Scan")
        .contains("flight_2017_03")
        .doesNotContain("flight_2017_04");
  }

  @Test
  void theLatestDepartureIsReadBackwardsFromEachMonthsIndex() throws Exception {
    importAnalyzedYear();

    List<String> plan =
        plan(
            JdbcFlightStore.LATEST_DEPARTURE_UP_TO,
            java.sql.Timestamp.valueOf("2017-07-01 00:00:00"));

    // Each month's partition read backwards from the bound, stopping at its first entry; the empty
    // default partition is left to the planner.
    assertThat(String.join("\n", plan)).contains("Limit");
    assertThat(plan.stream().filter(line -> line.contains("flight_2017_")))
        .hasSize(12)
        .allMatch(line -> line.contains("Backward"));
  }

  @Test
  void theServicesStoreReadsWhatTheImporterWrote() throws Exception {
    var flights = FlightFixtures.syntheticYear(500, 23);
    importer.importFile(FlightFixtures.writeRaw(dir.resolve("f.csv"), flights), false, rows -> {});

    JdbcFlightStore fromDatabase =
        new JdbcFlightStore(dataSource(), java.util.Optional.of(0), new SimpleMeterRegistry());
    fromDatabase.reload();
    JdbcFlightStore inMemory =
        new JdbcFlightStore(dataSource(), java.util.Optional.of(10_000), new SimpleMeterRegistry());
    inMemory.reload();

    assertThat(fromDatabase.answersFromMemory()).isFalse();
    assertThat(inMemory.answersFromMemory()).isTrue();
    assertThat(fromDatabase.count()).isEqualTo(500);
    assertThat(fromDatabase.find(42).orElseThrow().flight()).isEqualTo(flights.get(41));
    assertThat(inMemory.find(42)).isEqualTo(fromDatabase.find(42));
    assertThat(fromDatabase.find(501)).isEmpty();
    assertThat(fromDatabase.all()).hasSize(500);
  }
}
