package org.latamml.prediction;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.LocalDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.latamml.flight.Flight;
import org.latamml.flight.FlightType;
import org.latamml.flight.LocalTimes;
import org.latamml.problem.Problem;

/**
 * A flight described by what is known before it leaves, for the batch API.
 *
 * @param airline operating airline name, as in the data (such as {@code Grupo LATAM})
 * @param flightType {@code I} (international) or {@code N} (national)
 * @param scheduledDeparture local scheduled departure, such as {@code 2017-03-01T10:00:00}
 * @param destination destination ICAO code, such as {@code SAEZ}; needed by models that use it
 * @param flightNumber flight number, optional
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FlightFeatures(
    @Schema(
            examples = {"Grupo LATAM"},
            required = true)
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
    @Schema(examples = {"SAEZ"}) String destination,
    @Schema(examples = {"226"}) String flightNumber) {

  /** The longest airline name taken, as the store keeps it. */
  public static final int MAX_AIRLINE = 64;

  /** The longest destination code taken. */
  public static final int MAX_DESTINATION = 8;

  /** The longest flight number taken. */
  public static final int MAX_NUMBER = 16;

  /** The problems with this flight's fields, named under {@code prefix}; empty when valid. */
  List<Problem.FieldError> problems(String prefix) {
    List<Problem.FieldError> errors = new java.util.ArrayList<>();
    if (airline == null || airline.isBlank()) {
      errors.add(new Problem.FieldError(prefix + ".airline", "is required"));
    } else if (airline.length() > MAX_AIRLINE) {
      errors.add(
          new Problem.FieldError(
              prefix + ".airline", "must be at most " + MAX_AIRLINE + " characters"));
    }
    if (destination != null && destination.length() > MAX_DESTINATION) {
      errors.add(
          new Problem.FieldError(
              prefix + ".destination", "must be at most " + MAX_DESTINATION + " characters"));
    }
    if (flightNumber != null && flightNumber.length() > MAX_NUMBER) {
      errors.add(
          new Problem.FieldError(
              prefix + ".flight_number", "must be at most " + MAX_NUMBER + " characters"));
    }
    if (flightType == null) {
      errors.add(new Problem.FieldError(prefix + ".flight_type", "is required: I or N"));
    } else if (!flightType.equals("I") && !flightType.equals("N")) {
      errors.add(new Problem.FieldError(prefix + ".flight_type", "must be I or N"));
    }
    if (scheduledDeparture == null) {
      errors.add(
          new Problem.FieldError(
              prefix + ".scheduled_departure", "is required, such as 2017-03-01T10:00:00"));
    } else if (LocalTimes.refusal(scheduledDeparture) != null) {
      errors.add(
          new Problem.FieldError(
              prefix + ".scheduled_departure", LocalTimes.refusal(scheduledDeparture)));
    }
    return errors;
  }

  /** The flight, once {@link #problems} found none. */
  Flight toFlight() {
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
