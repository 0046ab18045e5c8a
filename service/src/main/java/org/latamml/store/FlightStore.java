package org.latamml.store;

import java.util.List;
import java.util.Optional;

/** The flights the service knows, by id. */
public interface FlightStore {

  /**
   * The flight with this id, if there is one.
   *
   * @throws org.latamml.app.WouldBlock on an event loop, when it must be read from the database
   */
  Optional<StoredFlight> find(long id);

  /**
   * Whether a flight with this id is stored: {@link #find}'s answer, which an implementation may
   * give without making the flight.
   *
   * @throws org.latamml.app.WouldBlock on an event loop, when it must be read from the database
   */
  default boolean exists(long id) {
    return find(id).isPresent();
  }

  /** How many flights are stored. */
  long count();

  /** Every stored flight, in id order, read from the database. */
  List<StoredFlight> all();

  /** Whether the store answers. */
  boolean isReachable();
}
