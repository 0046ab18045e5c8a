package org.latamml.store;

import java.util.List;

/**
 * Flights changed in the store (a CDI event): those an event wrote, or all of them after a reload.
 *
 * @param flights the changed flights as they are now; empty after a reload
 * @param reloaded whether the whole store was read again (an import), so that anything held from it
 *     is to be read again
 */
public record FlightsChanged(List<StoredFlight> flights, boolean reloaded) {}
