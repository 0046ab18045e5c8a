package org.latamml.live;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.latamml.flight.Flight;
import org.latamml.flight.FlightType;
import org.latamml.problem.FieldChecks;
import org.latamml.problem.Problem;
import org.latamml.store.FlightKey;

/**
 * A scheduled flight as a schedule system sends it: the fields of {@code GET /v1/flights/{id}}
 * without {@code id} and {@code actual_departure}.
 *
 * @param scheduledDeparture local scheduled departure
 * @param flightNumber scheduled flight number
 * @param airline operating airline name
 * @param airlineCode scheduled airline ICAO code
 * @param flightType {@code I} (international) or {@code N} (national)
 * @param destination destination ICAO code
 * @param destinationCity destination city, optional
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ScheduledFlight(
    @Schema(
            examples = {"2017-03-01T10:00:00"},
            required = true)
        LocalDateTime scheduledDeparture,
    @Schema(
            examples = {"500"},
            maxLength = Flight.MAX_FLIGHT_NUMBER,
            required = true)
        String flightNumber,
    @Schema(
            examples = {"Grupo LATAM"},
            maxLength = Flight.MAX_AIRLINE,
            required = true)
        String airline,
    @Schema(
            examples = {"LAN"},
            maxLength = Flight.MAX_AIRLINE_CODE,
            required = true)
        String airlineCode,
    @Schema(
            examples = {"I"},
            enumeration = {"I", "N"},
            required = true)
        String flightType,
    @Schema(
            examples = {"SAEZ"},
            maxLength = Flight.MAX_DESTINATION,
            required = true)
        String destination,
    @Schema(
            examples = {"Buenos Aires"},
            maxLength = Flight.MAX_DESTINATION_CITY)
        String destinationCity) {

  /** The problems with its fields, named under {@code prefix}; empty when it is valid. */
  List<Problem.FieldError> problems(String prefix) {
    List<Problem.FieldError> errors = new ArrayList<>();
    FieldChecks.time(errors, prefix, "scheduled_departure", scheduledDeparture, true);
    FieldChecks.text(errors, prefix, "flight_number", flightNumber, Flight.MAX_FLIGHT_NUMBER, true);
    FieldChecks.text(errors, prefix, "airline", airline, Flight.MAX_AIRLINE, true);
    FieldChecks.text(errors, prefix, "airline_code", airlineCode, Flight.MAX_AIRLINE_CODE, true);
    FieldChecks.text(errors, prefix, "destination", destination, Flight.MAX_DESTINATION, true);
    FieldChecks.text(
        errors, prefix, "destination_city", destinationCity, Flight.MAX_DESTINATION_CITY, false);
    FieldChecks.flightType(errors, prefix, "flight_type", flightType);
    return errors;
  }

  /** The flight, once {@link #problems} found none. */
  Flight toFlight() {
    return new Flight(
        scheduledDeparture,
        flightNumber,
        destination,
        FlightKey.airlineCodeOf(airlineCode),
        airline,
        FlightType.ofCode(flightType),
        destinationCity == null ? "" : destinationCity,
        null);
  }
}
