package org.latamml.prediction;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.LocalDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.latamml.flight.Flight;
import org.latamml.flight.FlightType;
import org.latamml.problem.FieldChecks;
import org.latamml.problem.Problem;

/**
 * A flight described by what is known before it leaves, for the batch API.
 *
 * @param airline operating airline name, as in the data (such as {@code Grupo LATAM})
 * @param flightType {@code I} (international) or {@code N} (national)
 * @param scheduledDeparture local scheduled departure, such as {@code 2017-03-01T10:00:00}
 * @param destination destination ICAO code, such as {@code SAEZ}; needed by models that use it
 * @param flightNumber flight number, such as {@code 226}; needed by models that read the flight's
 *     own record (2.0.0)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FlightFeatures(
    @Schema(
            examples = {"Grupo LATAM"},
            required = true,
            maxLength = Flight.MAX_AIRLINE)
        String airline,
    @Schema(
            examples = {"I"},
            enumeration = {"I", "N"},
            required = true)
        String flightType,
    @Schema(
            examples = {"2017-03-01T10:00:00"},
            required = true)
        LocalDateTime scheduledDeparture,
    @Schema(
            examples = {"SAEZ"},
            maxLength = Flight.MAX_DESTINATION)
        String destination,
    @Schema(
            examples = {"226"},
            maxLength = Flight.MAX_FLIGHT_NUMBER)
        String flightNumber) {

  /** The problems with this flight's fields, named under {@code prefix}; empty when valid. */
  public List<Problem.FieldError> problems(String prefix) {
    List<Problem.FieldError> errors = new java.util.ArrayList<>();
    FieldChecks.text(errors, prefix, "airline", airline, Flight.MAX_AIRLINE, true);
    FieldChecks.flightType(errors, prefix, "flight_type", flightType);
    FieldChecks.time(errors, prefix, "scheduled_departure", scheduledDeparture, true);
    FieldChecks.text(errors, prefix, "destination", destination, Flight.MAX_DESTINATION, false);
    FieldChecks.text(
        errors, prefix, "flight_number", flightNumber, Flight.MAX_FLIGHT_NUMBER, false);
    return errors;
  }

  /** The flight, once {@link #problems} found none. */
  public Flight toFlight() {
    return new Flight(
        scheduledDeparture,
        flightNumber == null ? "" : flightNumber,
        destination == null ? "" : destination,
        "",
        airline,
        FlightType.ofCode(flightType),
        "",
        null);
  }
}
