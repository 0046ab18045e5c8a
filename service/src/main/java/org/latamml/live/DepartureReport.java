package org.latamml.live;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.latamml.flight.LocalTimes;
import org.latamml.problem.FieldChecks;
import org.latamml.problem.Problem;
import org.latamml.store.DepartureEvent;
import org.latamml.store.FlightKey;

/**
 * A flight that left, named by its id or by its airline code, number and scheduled departure.
 *
 * @param flightId the stored flight's id, or absent when the other three name it
 * @param airlineCode scheduled airline ICAO code
 * @param flightNumber scheduled flight number
 * @param scheduledDeparture local scheduled departure
 * @param actualDeparture local time it left
 * @param reportedAt local time it was reported, when not now (a replay of a recorded day, a
 *     departure sent late on purpose); a board as of an earlier time does not count it
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DepartureReport(
    @Schema(examples = {"68207"}) Long flightId,
    @Schema(examples = {"LAN"}) String airlineCode,
    @Schema(examples = {"500"}) String flightNumber,
    @Schema(examples = {"2017-03-01T10:00:00"}) LocalDateTime scheduledDeparture,
    @Schema(
            examples = {"2017-03-01T10:22:00"},
            required = true)
        LocalDateTime actualDeparture,
    @Schema(examples = {"2017-03-01T10:24:00"}) LocalDateTime reportedAt) {

  /** The problems with its fields, named under {@code prefix}; empty when it is valid. */
  List<Problem.FieldError> problems(String prefix) {
    List<Problem.FieldError> errors = new ArrayList<>();
    boolean byKey = airlineCode != null || flightNumber != null || scheduledDeparture != null;
    if (flightId != null && byKey) {
      errors.add(
          new Problem.FieldError(
              prefix,
              "name the flight by flight_id or by airline_code, flight_number and"
                  + " scheduled_departure, not both"));
    } else if (flightId != null) {
      if (flightId < 1) {
        errors.add(new Problem.FieldError(prefix + ".flight_id", "must be a positive id"));
      }
    } else if (!byKey) {
      errors.add(
          new Problem.FieldError(
              prefix,
              "name the flight by flight_id or by airline_code, flight_number and"
                  + " scheduled_departure"));
    } else {
      FieldChecks.text(errors, prefix, "airline_code", airlineCode, 8, true);
      FieldChecks.text(errors, prefix, "flight_number", flightNumber, 16, true);
      FieldChecks.time(errors, prefix, "scheduled_departure", scheduledDeparture, true);
    }
    if (actualDeparture == null) {
      errors.add(
          new Problem.FieldError(
              prefix + ".actual_departure", "is required, such as 2017-03-01T10:22:00"));
    } else if (LocalTimes.refusal(actualDeparture) != null) {
      errors.add(
          new Problem.FieldError(
              prefix + ".actual_departure", LocalTimes.refusal(actualDeparture)));
    }
    if (reportedAt != null) {
      if (LocalTimes.refusal(reportedAt) != null) {
        errors.add(new Problem.FieldError(prefix + ".reported_at", LocalTimes.refusal(reportedAt)));
      } else if (actualDeparture != null && reportedAt.isBefore(actualDeparture)) {
        errors.add(
            new Problem.FieldError(
                prefix + ".reported_at", "must not be before the flight left (actual_departure)"));
      }
    }
    return errors;
  }

  /** The event, once {@link #problems} found none; reported {@code now} unless it says when. */
  DepartureEvent toEvent(LocalDateTime now) {
    return new DepartureEvent(
        flightId,
        flightId == null ? new FlightKey(airlineCode, flightNumber, scheduledDeparture) : null,
        actualDeparture,
        reportedAt != null ? reportedAt : now);
  }
}
