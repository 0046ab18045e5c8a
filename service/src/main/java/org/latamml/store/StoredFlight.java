package org.latamml.store;

import org.latamml.flight.Flight;

/**
 * A flight as the store holds it.
 *
 * @param id its 1-based data-row number in the imported file
 * @param flight the flight
 */
public record StoredFlight(long id, Flight flight) {}
