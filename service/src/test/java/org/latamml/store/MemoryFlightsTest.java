package org.latamml.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MemoryFlightsTest {
  private static final long MIB = 1024 * 1024;

  @Test
  void holdsOneFlightPerKibOfHeapByDefault() {
    assertThat(JdbcFlightStore.defaultMemoryFlights(128 * MIB)).isEqualTo(131_072);
    assertThat(JdbcFlightStore.defaultMemoryFlights(64 * MIB)).isEqualTo(65_536);
  }

  @Test
  void holdsAtMost500000FlightsHoweverLargeTheHeap() {
    assertThat(JdbcFlightStore.defaultMemoryFlights(4096 * MIB)).isEqualTo(500_000);
  }
}
