package org.latamml.store;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.latamml.flight.Flight;
import org.latamml.flight.FlightType;

/**
 * The stored flights in memory, by id: ids are handed out without gaps, so a flight is found by two
 * array reads that never block, while events put new and changed flights in from one thread.
 *
 * <p>The flights read from the store are kept column by column (times as nanoseconds, texts shared
 * between flights): about 50 bytes a flight instead of the 220 of a flight object with its dates,
 * so that ten years of flights fit where one year did (docs/PERFORMANCE.md, "Ten years in memory").
 * A lookup makes the flight anew. A flight put in later (an event) is kept as it came, beside its
 * page's columns, and published whole, so a reader never sees half of a change.
 */
final class FlightIndex {
  private static final int PAGE_BITS = 12;
  private static final int PAGE = 1 << PAGE_BITS;

  // Pages are replaced (copy on write) only when one is added; a flight is set in its page.
  private volatile List<Page> pages;
  private volatile long size;
  // Flights put in since the index was built, each kept whole.
  private int put;

  private FlightIndex(List<Page> pages, long size) {
    this.pages = pages;
    this.size = size;
  }

  /** Flights read in id order, from 1 without gaps, kept in columns as they come. */
  static final class Builder {
    private final List<Page> pages = new ArrayList<>();
    private final java.util.Map<String, String> texts;
    private long size;

    /** A builder of flights whose texts are shared already (the store's reads share them). */
    Builder() {
      this(null);
    }

    /** A builder that shares the flights' texts through {@code texts}; null: already shared. */
    private Builder(java.util.Map<String, String> texts) {
      this.texts = texts;
    }

    /** Adds the flight with the next id. */
    void add(StoredFlight flight) {
      long at = flight.id() - 1;
      int page = (int) (at >>> PAGE_BITS);
      while (pages.size() <= page) {
        pages.add(new Page());
      }
      pages.get(page).keep((int) (at & (PAGE - 1)), flight, texts);
      size = Math.max(size, flight.id());
    }

    /** The index of the flights added; the builder is not used after. */
    FlightIndex build() {
      return new FlightIndex(List.copyOf(pages), size);
    }
  }

  /** The flight with this id, or null. */
  StoredFlight get(long id) {
    if (id < 1 || id > size) {
      return null;
    }
    long at = id - 1;
    return pages.get((int) (at >>> PAGE_BITS)).get(id, (int) (at & (PAGE - 1)));
  }

  /**
   * What tells whether the flight with this id has changed: the same object for as long as it has
   * not (the page that holds it in columns, or the flight put in since); null when there is none.
   */
  Object stamp(long id) {
    if (id < 1 || id > size) {
      return null;
    }
    long at = id - 1;
    return pages.get((int) (at >>> PAGE_BITS)).stamp((int) (at & (PAGE - 1)));
  }

  /** How many ids it spans. */
  long size() {
    return size;
  }

  /**
   * How many times a flight was put in since the index was built (a flight put twice counts twice):
   * each is kept whole, about 450 bytes with its texts and dates against 50 in columns.
   */
  synchronized int putSinceBuilt() {
    return put;
  }

  /**
   * The same flights in a new index, every one in columns: what {@link #put} kept whole is folded
   * in. Made from memory by the one writer, while readers keep reading this index until the new one
   * replaces it; every flight's stamp changes.
   */
  synchronized FlightIndex compacted() {
    // Flights sent as events carry their own copies of every text: shared here, as a read shares.
    Builder builder = new Builder(new java.util.HashMap<>());
    for (long id = 1; id <= size; id++) {
      StoredFlight flight = get(id);
      if (flight != null) {
        builder.add(flight);
      }
    }
    return builder.build();
  }

  /** Puts a new or changed flight in; the only writer is the one applying the store's changes. */
  synchronized void put(StoredFlight flight) {
    put++;
    long at = flight.id() - 1;
    int page = (int) (at >>> PAGE_BITS);
    List<Page> current = pages;
    if (page >= current.size()) {
      List<Page> grown = new ArrayList<>(current);
      while (grown.size() <= page) {
        grown.add(new Page());
      }
      pages = List.copyOf(grown);
      current = pages;
    }
    current.get(page).replace((int) (at & (PAGE - 1)), flight);
    if (flight.id() > size) {
      size = flight.id();
    }
  }

  /**
   * 4,096 flights: the columns, written only before the index is published, and the flights put in
   * since, whole.
   */
  private static final class Page {
    private static final long NONE = Long.MIN_VALUE;
    private static final LocalDateTime EPOCH = LocalDateTime.of(1970, 1, 1, 0, 0);

    private final long[] scheduled = new long[PAGE];
    private final long[] actual = new long[PAGE];
    private final String[] number = new String[PAGE];
    private final String[] destination = new String[PAGE];
    private final String[] airlineCode = new String[PAGE];
    private final String[] airline = new String[PAGE];
    private final String[] city = new String[PAGE];
    // Null for a slot the columns do not hold.
    private final FlightType[] type = new FlightType[PAGE];
    // Rare: only flights whose departure came as an event carry when it was reported.
    private final LocalDateTime[] reported = new LocalDateTime[PAGE];
    private final AtomicReferenceArray<StoredFlight> later = new AtomicReferenceArray<>(PAGE);

    void keep(int slot, StoredFlight stored, java.util.Map<String, String> texts) {
      Flight flight = stored.flight();
      long when = nanos(flight.scheduledDeparture());
      long left = flight.actualDeparture() == null ? NONE : nanos(flight.actualDeparture());
      if (when == NONE || (flight.actualDeparture() != null && left == NONE)) {
        later.set(slot, stored); // a date past what nanoseconds hold: kept whole
        return;
      }
      scheduled[slot] = when;
      actual[slot] = left;
      number[slot] = shared(texts, flight.flightNumber());
      destination[slot] = shared(texts, flight.destination());
      airlineCode[slot] = shared(texts, flight.airlineCode());
      airline[slot] = shared(texts, flight.airline());
      city[slot] = shared(texts, flight.destinationCity());
      type[slot] = flight.type();
      reported[slot] = stored.departureReported();
    }

    private static String shared(java.util.Map<String, String> texts, String text) {
      return texts == null || text == null ? text : texts.computeIfAbsent(text, t -> t);
    }

    void replace(int slot, StoredFlight stored) {
      later.set(slot, stored);
    }

    Object stamp(int slot) {
      StoredFlight put = later.get(slot);
      return put != null ? put : type[slot] == null ? null : this;
    }

    StoredFlight get(long id, int slot) {
      StoredFlight put = later.get(slot);
      if (put != null || type[slot] == null) {
        return put;
      }
      return new StoredFlight(
          id,
          new Flight(
              date(scheduled[slot]),
              number[slot],
              destination[slot],
              airlineCode[slot],
              airline[slot],
              type[slot],
              city[slot],
              actual[slot] == NONE ? null : date(actual[slot])),
          reported[slot]);
    }

    /** A local time as nanoseconds from 1970 (read as UTC), or NONE past 1677-2262. */
    private static long nanos(LocalDateTime time) {
      try {
        return ChronoUnit.NANOS.between(EPOCH, time);
      } catch (ArithmeticException tooFar) {
        return NONE;
      }
    }

    private static LocalDateTime date(long nanos) {
      return LocalDateTime.ofEpochSecond(
          Math.floorDiv(nanos, 1_000_000_000L),
          (int) Math.floorMod(nanos, 1_000_000_000L),
          ZoneOffset.UTC);
    }
  }
}
