package org.latamml.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicReference;
import org.latamml.features.DepartureBoard;
import org.latamml.features.FlightContext;
import org.latamml.flight.Flight;

/**
 * The departure board of the stored flights, for models whose inputs include other flights'
 * departures. Built once from the store on first use, and again after an import.
 */
@ApplicationScoped
public class AirportBoard {
  private final FlightStore store;
  private final AtomicReference<DepartureBoard> board = new AtomicReference<>();

  AirportBoard(FlightStore store) {
    this.store = store;
  }

  /** The context of a flight at SCL, from the stored departures. */
  public FlightContext contextOf(Flight flight) {
    return current().contextOf(flight);
  }

  /** Whether the stored flights span the flight's context window: its context is known. */
  public boolean covers(Flight flight) {
    return current().covers(flight);
  }

  private DepartureBoard current() {
    DepartureBoard current = board.get();
    if (current == null) {
      current = DepartureBoard.of(store.all().stream().map(StoredFlight::flight).toList());
      board.compareAndSet(null, current);
    }
    return current;
  }

  /** Whether the board is built, so that contexts are read without building or waiting. */
  public boolean isInMemory() {
    return board.get() != null;
  }

  /** Forgets the board: after an import. */
  public void invalidate() {
    board.set(null);
  }
}
