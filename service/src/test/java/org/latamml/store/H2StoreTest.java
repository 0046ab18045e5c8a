package org.latamml.store;

/** The store suite on H2, the local store. */
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
}
