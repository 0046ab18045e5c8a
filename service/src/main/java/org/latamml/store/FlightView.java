package org.latamml.store;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.LocalDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A stored flight as the API shows it.
 *
 * @param id its id, the row number in the imported file
 * @param scheduledDeparture local scheduled departure
 * @param flightNumber scheduled flight number
 * @param airline operating airline name
 * @param airlineCode scheduled airline ICAO code
 * @param flightType {@code I} or {@code N}
 * @param destination destination ICAO code
 * @param destinationCity destination city
 * @param actualDeparture local actual departure, or null while it has not left
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FlightView(
    long id,
    LocalDateTime scheduledDeparture,
    String flightNumber,
    String airline,
    String airlineCode,
    String flightType,
    String destination,
    String destinationCity,
    @Schema(nullable = true) LocalDateTime actualDeparture) {

  /** The view of a stored flight. */
  public static FlightView of(StoredFlight stored) {
    var f = stored.flight();
    return new FlightView(
        stored.id(),
        f.scheduledDeparture(),
        f.flightNumber(),
        f.airline(),
        f.airlineCode(),
        f.type().code(),
        f.destination(),
        f.destinationCity(),
        f.actualDeparture());
  }
}
