package org.latamml.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The stored flights in memory, by id: ids are handed out without gaps, so a flight is found by two
 * array reads that never block, while events put new and changed flights in from one thread.
 */
final class FlightIndex {
  private static final int PAGE_BITS = 12;
  private static final int PAGE = 1 << PAGE_BITS;

  // Pages are replaced (copy on write) only when one is added; a flight is set in its page.
  private volatile List<AtomicReferenceArray<StoredFlight>> pages;
  private volatile long size;

  private FlightIndex(List<AtomicReferenceArray<StoredFlight>> pages, long size) {
    this.pages = pages;
    this.size = size;
  }

  /** An index of these flights, in id order from 1 without gaps. */
  static FlightIndex of(List<StoredFlight> flights) {
    FlightIndex index = new FlightIndex(List.of(), 0);
    for (StoredFlight flight : flights) {
      index.put(flight);
    }
    return index;
  }

  /** The flight with this id, or null. */
  StoredFlight get(long id) {
    if (id < 1 || id > size) {
      return null;
    }
    long at = id - 1;
    return pages.get((int) (at >>> PAGE_BITS)).get((int) (at & (PAGE - 1)));
  }

  /** How many ids it spans. */
  long size() {
    return size;
  }

  /** Puts a new or changed flight in; the only writer is the one applying the store's changes. */
  synchronized void put(StoredFlight flight) {
    long at = flight.id() - 1;
    int page = (int) (at >>> PAGE_BITS);
    List<AtomicReferenceArray<StoredFlight>> current = pages;
    if (page >= current.size()) {
      List<AtomicReferenceArray<StoredFlight>> grown = new ArrayList<>(current);
      while (grown.size() <= page) {
        grown.add(new AtomicReferenceArray<>(PAGE));
      }
      pages = List.copyOf(grown);
      current = pages;
    }
    current.get(page).set((int) (at & (PAGE - 1)), flight);
    if (flight.id() > size) {
      size = flight.id();
    }
  }
}
