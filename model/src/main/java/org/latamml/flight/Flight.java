package org.latamml.flight;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Objects;

/**
 * One departure from Santiago (SCL) as scheduled, and, once it has left, when it actually left.
 *
 * <p>Everything but {@code actualDeparture} is known before departure and may feed a model; the
 * actual departure is only the source of the label and of other flights' context.
 *
 * @param scheduledDeparture local scheduled time (Fecha-I)
 * @param flightNumber scheduled flight number (Vlo-I), text: a few have letters
 * @param destination ICAO code of the scheduled destination (Des-I)
 * @param airlineCode ICAO code of the scheduled airline (Emp-I)
 * @param airline name of the operating airline (OPERA)
 * @param type international or national (TIPOVUELO)
 * @param destinationCity destination city name (SIGLADES), may be empty
 * @param actualDeparture local time it left (Fecha-O), or null while it has not
 */
public record Flight(
    LocalDateTime scheduledDeparture,
    String flightNumber,
    String destination,
    String airlineCode,
    String airline,
    FlightType type,
    String destinationCity,
    LocalDateTime actualDeparture) {

  /** Minutes past schedule beyond which a flight counts as delayed. */
  public static final long DELAY_THRESHOLD_MINUTES = 15;

  // The longest each text field is taken and stored (the store's columns are this wide).

  /** The longest flight number. */
  public static final int MAX_FLIGHT_NUMBER = 16;

  /** The longest destination code. */
  public static final int MAX_DESTINATION = 8;

  /** The longest airline code. */
  public static final int MAX_AIRLINE_CODE = 8;

  /** The longest airline name. */
  public static final int MAX_AIRLINE = 64;

  /** The longest destination city name. */
  public static final int MAX_DESTINATION_CITY = 64;

  /** Checks the fields that must be present. */
  public Flight {
    Objects.requireNonNull(scheduledDeparture, "scheduledDeparture");
    Objects.requireNonNull(flightNumber, "flightNumber");
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(airlineCode, "airlineCode");
    Objects.requireNonNull(airline, "airline");
    Objects.requireNonNull(type, "type");
    destinationCity = destinationCity == null ? "" : destinationCity;
  }

  /** The same flight, having left at {@code actual} (null: not left yet). */
  public Flight withActualDeparture(LocalDateTime actual) {
    return new Flight(
        scheduledDeparture,
        flightNumber,
        destination,
        airlineCode,
        airline,
        type,
        destinationCity,
        actual);
  }

  /** Whether it has left, so that its delay is known. */
  public boolean hasDeparted() {
    return actualDeparture != null;
  }

  /**
   * Whether it left more than 15 minutes after schedule: the class the models predict (1).
   *
   * @throws IllegalStateException if it has not left yet
   */
  public boolean isDelayed() {
    if (actualDeparture == null) {
      throw new IllegalStateException("flight " + flightNumber + " has not departed yet");
    }
    return Duration.between(scheduledDeparture, actualDeparture).toMinutes()
        > DELAY_THRESHOLD_MINUTES;
  }
}
