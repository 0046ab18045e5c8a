package org.latamml.store;

/** The store suite on H2, the local store. */
class H2StoreTest extends FlightImporterTest {
  @Override
  StoreFixtures.Store newStore() {
    return StoreFixtures.h2();
  }
}
