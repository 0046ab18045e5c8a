package org.latamml.store;

import java.time.LocalDateTime;

/**
 * A flight that left: named by its id or by its key, one of them.
 *
 * @param flightId the stored flight's id, or null when {@code key} names it
 * @param key the flight's key, or null when {@code flightId} names it
 * @param actualDeparture local time it left
 * @param reportedAt local time the store learnt of it; null: as soon as it left
 */
public record DepartureEvent(
    Long flightId, FlightKey key, LocalDateTime actualDeparture, LocalDateTime reportedAt) {}
