package org.latamml.monitoring;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.latamml.config.ServiceSettings;
import org.latamml.store.JdbcFlightStore;

/**
 * "Now" as the flights live it: the latest departure in the store (up to tomorrow: one dated later
 * is a mistake), else the airport's wall clock. Live it is the wall clock within minutes; a replay
 * of a recorded year moves it with the replayed departures.
 */
@Singleton
public class AirportClock {
  private final JdbcFlightStore flights;
  private final ZoneId zone;

  @Inject
  AirportClock(JdbcFlightStore flights, ServiceSettings settings) {
    this(flights, settings.airportZone());
  }

  AirportClock(JdbcFlightStore flights, ZoneId zone) {
    this.flights = flights;
    this.zone = zone;
  }

  /** The airport's now, local time, to the minute as departures are known. */
  public LocalDateTime now() {
    return latestDeparture()
        .orElse(LocalDateTime.now(zone))
        .truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
  }

  /** The latest departure in the store, up to tomorrow; none while the store holds none. */
  public java.util.Optional<LocalDateTime> latestDeparture() {
    return flights.latestDepartureUpTo(LocalDateTime.now(zone).plusDays(1));
  }
}
