package org.latamml.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MemoryFlightsTest {
  private static final long MIB = 1024 * 1024;

  @Test
  void holdsOneFlightPer128BytesOfHeapByDefault() {
    assertThat(JdbcFlightStore.defaultMemoryFlights(112 * MIB)).isEqualTo(917_504);
    assertThat(JdbcFlightStore.defaultMemoryFlights(64 * MIB)).isEqualTo(524_288);
  }

  @Test
  void holdsAtMostFiveMillionFlightsHoweverLargeTheHeap() {
    assertThat(JdbcFlightStore.defaultMemoryFlights(4096 * MIB)).isEqualTo(5_000_000);
  }
}
