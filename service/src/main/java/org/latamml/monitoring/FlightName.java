package org.latamml.monitoring;

import java.time.LocalDateTime;

/**
 * A flight as every prediction names it, whether the store holds it or the caller described it: its
 * airline's name, its number, its local scheduled departure.
 *
 * @param airline the operating airline's name
 * @param flightNumber its number
 * @param scheduledDeparture its local scheduled departure
 */
public record FlightName(String airline, String flightNumber, LocalDateTime scheduledDeparture) {
  /** By departure, then airline and number: one order, whatever the store's. */
  public static final java.util.Comparator<FlightName> ORDER =
      java.util.Comparator.comparing(FlightName::scheduledDeparture)
          .thenComparing(FlightName::airline)
          .thenComparing(FlightName::flightNumber);

  /** A stored flight's name. */
  public static FlightName of(org.latamml.flight.Flight flight) {
    return new FlightName(flight.airline(), flight.flightNumber(), flight.scheduledDeparture());
  }
}
