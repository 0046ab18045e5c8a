package org.latamml.live;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.latamml.flight.Flight;
import org.latamml.flight.FlightType;
import org.latamml.flight.LocalTimes;
import org.latamml.problem.Problem;

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
            required = true)
        String flightNumber,
    @Schema(
            examples = {"Grupo LATAM"},
            required = true)
        String airline,
    @Schema(
            examples = {"LAN"},
            required = true)
        String airlineCode,
    @Schema(
            examples = {"I"},
            enumeration = {"I", "N"},
            required = true)
        String flightType,
    @Schema(
            examples = {"SAEZ"},
            required = true)
        String destination,
    @Schema(examples = {"Buenos Aires"}) String destinationCity) {

  /** The problems with its fields, named under {@code prefix}; empty when it is valid. */
  List<Problem.FieldError> problems(String prefix) {
    List<Problem.FieldError> errors = new ArrayList<>();
    if (scheduledDeparture == null) {
      errors.add(
          new Problem.FieldError(
              prefix + ".scheduled_departure", "is required, such as 2017-03-01T10:00:00"));
    } else if (LocalTimes.refusal(scheduledDeparture) != null) {
      errors.add(
          new Problem.FieldError(
              prefix + ".scheduled_departure", LocalTimes.refusal(scheduledDeparture)));
    }
    text(errors, prefix + ".flight_number", flightNumber, 16, true);
    text(errors, prefix + ".airline", airline, 64, true);
    text(errors, prefix + ".airline_code", airlineCode, 8, true);
    text(errors, prefix + ".destination", destination, 8, true);
    text(errors, prefix + ".destination_city", destinationCity, 64, false);
    if (flightType == null) {
      errors.add(new Problem.FieldError(prefix + ".flight_type", "is required: I or N"));
    } else if (!flightType.equals("I") && !flightType.equals("N")) {
      errors.add(new Problem.FieldError(prefix + ".flight_type", "must be I or N"));
    }
    return errors;
  }

  /** Checks a text field: present when required, not blank, at most {@code max} characters. */
  static void text(
      List<Problem.FieldError> errors, String field, String value, int max, boolean required) {
    if (value == null || value.isBlank()) {
      if (required) {
        errors.add(new Problem.FieldError(field, "is required"));
      }
    } else if (value.length() > max) {
      errors.add(new Problem.FieldError(field, "must be at most " + max + " characters"));
    } else if (!value.equals(value.strip())) {
      errors.add(new Problem.FieldError(field, "must not begin or end with spaces"));
    } else if (value.chars().anyMatch(Character::isISOControl)) {
      errors.add(new Problem.FieldError(field, "must not hold control characters"));
    }
  }

  /** The flight, once {@link #problems} found none. */
  Flight toFlight() {
    return new Flight(
        scheduledDeparture,
        flightNumber,
        destination,
        airlineCode,
        airline,
        FlightType.ofCode(flightType),
        destinationCity == null ? "" : destinationCity,
        null);
  }
}
