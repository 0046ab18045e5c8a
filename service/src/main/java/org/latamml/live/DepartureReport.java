package org.latamml.live;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.latamml.flight.Flight;
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
    @Schema(
            examples = {"LAN"},
            maxLength = Flight.MAX_AIRLINE_CODE)
        String airlineCode,
    @Schema(
            examples = {"500"},
            maxLength = Flight.MAX_FLIGHT_NUMBER)
        String flightNumber,
    @Schema(examples = {"2017-03-01T10:00:00"}) LocalDateTime scheduledDeparture,
    @Schema(
            examples = {"2017-03-01T10:22:00"},
            required = true)
        LocalDateTime actualDeparture,
    @Schema(examples = {"2017-03-01T10:24:00"}) LocalDateTime reportedAt) {

  /**
   * How far ahead of the service's clock a report may be: a feeder's clock a little fast is not a
   * departure from the future.
   */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  /**
   * The problems with its fields, named under {@code prefix}, at local time {@code now}; empty when
   * it is valid. A report dated later than now is refused: the store keeps a flight's latest
   * report, so one from the future would replace the real one and hide it from every board and
   * context until then. (A departure itself may be later than now, for a flight scheduled then: it
   * is held near its schedule, and such a flight has no real report to hide.)
   */
  List<Problem.FieldError> problems(String prefix, ZonedDateTime now) {
    ZonedDateTime latest = now.plus(CLOCK_SKEW);
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
      FieldChecks.text(errors, prefix, "airline_code", airlineCode, Flight.MAX_AIRLINE_CODE, true);
      FieldChecks.text(
          errors, prefix, "flight_number", flightNumber, Flight.MAX_FLIGHT_NUMBER, true);
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
      } else if (reportedAt.atZone(now.getZone()).isAfter(latest)) {
        // Compared as instants: in the hour the clocks go back, the earlier reading of a local
        // time is taken, so a report from the hour's second pass is never in the future.
        errors.add(new Problem.FieldError(prefix + ".reported_at", notLaterThan(now)));
      }
    }
    return errors;
  }

  private static String notLaterThan(ZonedDateTime now) {
    return "must not be later than now at the airport, "
        + now.toLocalDateTime().truncatedTo(ChronoUnit.MINUTES)
        + " (a clock up to "
        + CLOCK_SKEW.toMinutes()
        + " minutes fast is allowed)";
  }

  /** The event, once {@link #problems} found none; reported {@code now} unless it says when. */
  DepartureEvent toEvent(LocalDateTime now) {
    return new DepartureEvent(
        flightId,
        flightId == null
            ? new FlightKey(FlightKey.airlineCodeOf(airlineCode), flightNumber, scheduledDeparture)
            : null,
        actualDeparture,
        reportedAt != null ? reportedAt : now);
  }
}
