package org.latamml.features;

import java.time.LocalDateTime;
import org.latamml.flight.Flight;
import org.latamml.flight.FlightType;

/** Flights for the benchmarks: as many different ones as asked, the same every run. */
public final class BenchFlights {
  private BenchFlights() {}

  /** {@code count} flights over every airline, type and month, at different times. */
  public static Flight[] distinct(int count) {
    Flight[] flights = new Flight[count];
    var airlines = FeatureSets.ONEHOT37_AIRLINES;
    for (int i = 0; i < count; i++) {
      flights[i] =
          new Flight(
              LocalDateTime.of(2017, 1 + i % 12, 1 + i % 28, i % 24, (i * 5) % 60),
              Integer.toString(100 + i),
              "SAEZ",
              "LAN",
              airlines.get(i % airlines.size()),
              i % 2 == 0 ? FlightType.INTERNATIONAL : FlightType.NATIONAL,
              "Buenos Aires",
              null);
    }
    return flights;
  }
}
