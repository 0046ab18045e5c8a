package org.latamml.store;

import java.time.LocalDateTime;
import org.latamml.flight.Flight;

/**
 * What makes a flight the same flight: its airline, its number and when it is scheduled to leave.
 *
 * @param airlineCode scheduled airline ICAO code
 * @param flightNumber scheduled flight number
 * @param scheduledDeparture local scheduled departure
 */
public record FlightKey(String airlineCode, String flightNumber, LocalDateTime scheduledDeparture) {

  /**
   * An airline code as flights are stored under it: ICAO codes are upper-case letters, so {@code
   * lan} names the flights of {@code LAN}, not flights of their own.
   */
  public static String airlineCodeOf(String code) {
    return code == null ? null : code.toUpperCase(java.util.Locale.ROOT);
  }

  /** The key of a flight. */
  public static FlightKey of(Flight flight) {
    return new FlightKey(flight.airlineCode(), flight.flightNumber(), flight.scheduledDeparture());
  }

  @Override
  public String toString() {
    return airlineCode + " " + flightNumber + " at " + scheduledDeparture;
  }
}
