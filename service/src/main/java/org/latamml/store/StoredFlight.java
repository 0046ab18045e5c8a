package org.latamml.store;

import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import org.latamml.flight.Flight;

/**
 * A flight as the store holds it.
 *
 * @param id its id: its data-row number in the imported file, or the next one when its schedule was
 *     sent as an event
 * @param flight the flight
 * @param departureReported when the store learnt of its departure; null when it has not left, or
 *     left in an imported file (then it counts as reported when it left)
 */
public record StoredFlight(long id, Flight flight, LocalDateTime departureReported) {

  /** A flight whose departure, if any, counts as reported when it left. */
  public StoredFlight(long id, Flight flight) {
    this(id, flight, null);
  }

  /**
   * When its departure became known: when it was reported, or when it left if that is later (a
   * report cannot precede the departure); null if it has not left.
   */
  public LocalDateTime departureKnown() {
    LocalDateTime left = flight.actualDeparture();
    if (left == null) {
      return null;
    }
    return departureReported != null && departureReported.isAfter(left) ? departureReported : left;
  }

  /**
   * The flight as known at {@code asOf}: its departure only if it had been reported by then, to the
   * minute (a report during the minute of {@code asOf} counts, as a departure during it does).
   */
  public Flight asKnownAt(LocalDateTime asOf) {
    LocalDateTime known = departureKnown();
    if (known == null
        || asOf == null
        || !known.truncatedTo(ChronoUnit.MINUTES).isAfter(asOf.truncatedTo(ChronoUnit.MINUTES))) {
      return flight;
    }
    return flight.withActualDeparture(null);
  }
}
