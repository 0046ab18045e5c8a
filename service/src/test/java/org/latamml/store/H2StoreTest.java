package org.latamml.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

/** The store suite on H2, the local store, plus how it reads what the service asks often. */
class H2StoreTest extends StoreSuite {
  @Override
  StoreFixtures.Store newStore() {
    return StoreFixtures.h2();
  }

  @Override
  StoreFixtures.Store storeUpTo(String version) {
    return StoreFixtures.h2UpTo(version);
  }

  @Override
  javax.sql.DataSource dataSource() {
    org.h2.jdbcx.JdbcDataSource source = new org.h2.jdbcx.JdbcDataSource();
    source.setURL(url.url());
    return source;
  }

  @Test
  void theLatestDepartureReadsOneIndexEntryNotEveryDepartureBeforeTheBound() throws Exception {
    importer.importFile(file("f.csv", 2_000, 43), false, rows -> {});

    String plan;
    try (Connection c = url.open();
        PreparedStatement explain =
            c.prepareStatement("EXPLAIN ANALYZE " + JdbcFlightStore.LATEST_DEPARTURE_UP_TO)) {
      explain.setObject(1, LocalDateTime.of(2100, 1, 1, 0, 0));
      try (ResultSet rows = explain.executeQuery()) {
        rows.next();
        plan = rows.getString(1);
      }
    }

    // MAX(actual_departure) WHERE actual_departure < ? scans all 2,000 here.
    assertThat(plan).contains("FLIGHT_BY_DEPARTURE").contains("scanCount: 1 ");
  }
}
