package org.latamml.store;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.latamml.flight.Flight;
import org.latamml.flight.FlightType;

/**
 * The stored flights in memory, by id: ids are handed out without gaps, so a flight is found by two
 * array reads that never block, while events put new and changed flights in from one thread.
 *
 * <p>The flights read from the store are kept column by column (times as seconds, texts as numbers
 * in a page's list of them): about 23 bytes a flight instead of the 220 of a flight object with its
 * dates, so that ten years of flights fit where one year did (docs/PERFORMANCE.md, "Ten years in
 * memory" and "Ten years, smaller"). A lookup makes the flight anew. A flight put in later (an
 * event) is kept as it came, beside its page's columns, and published whole, so a reader never sees
 * half of a change.
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
      pages.forEach(Page::seal);
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
   * not (the stamp of the page that holds it in columns, which holds nothing of the page, or the
   * flight put in since); null when there is none.
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
   * each is kept whole, about 450 bytes with its texts and dates against 23 in columns.
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
        Page added = new Page();
        added.seal();
        grown.add(added);
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
   * since, whole. Times are whole seconds from the page's first, texts numbers in the page's own
   * list of them (a page holds at most 5 x 4,096 texts: a {@code char} numbers them all): 23 bytes
   * a flight (27 in a page with a reported departure), where references and nanoseconds took 48
   * (docs/PERFORMANCE.md, "Ten years, smaller").
   */
  private static final class Page {
    private static final int NONE = Integer.MIN_VALUE;
    // No text: a null field.
    private static final char NULL = 0;

    private final int[] scheduled = new int[PAGE];
    private final int[] actual = new int[PAGE];
    private final char[] number = new char[PAGE];
    private final char[] destination = new char[PAGE];
    private final char[] airlineCode = new char[PAGE];
    private final char[] airline = new char[PAGE];
    private final char[] city = new char[PAGE];
    // 0 for a slot the columns do not hold, else the type's code (codeOf).
    private final byte[] type = new byte[PAGE];
    // Rare: only flights whose departure came as an event carry when it was reported; null until
    // one of the page's does (ten years read from a file would hold 2.7 MB of nulls).
    private LocalDateTime[] reported;
    // Flights kept whole: put in since the page was built, or not fit for its columns. Null until
    // the page's first such flight (ten years read from a file held 2.7 MB of empty slots).
    private volatile AtomicReferenceArray<StoredFlight> later;
    // Stands for the page's columns in an answer kept from them, holding nothing of the page: a
    // kept answer must not keep a page replaced since (or the whole index a load replaced) alive.
    private final Object stamp = new Object();
    // The page's texts by number (0: null), and, while the page is built, their numbers.
    private String[] texts = new String[16];
    private int textCount = 1;
    private java.util.Map<String, Character> numbers = new java.util.HashMap<>();
    // The epoch second the page's times count from: its first flight's scheduled departure.
    private long base = Long.MIN_VALUE;

    void keep(int slot, StoredFlight stored, java.util.Map<String, String> shared) {
      Flight flight = stored.flight();
      if (base == Long.MIN_VALUE) {
        base = flight.scheduledDeparture().toEpochSecond(ZoneOffset.UTC);
      }
      int when = seconds(flight.scheduledDeparture());
      int left = flight.actualDeparture() == null ? NONE : seconds(flight.actualDeparture());
      // A time not in whole seconds, or decades from the page's, or (never, with unique ids) a page
      // past the texts a char numbers: kept whole.
      if (when == NONE
          || (flight.actualDeparture() != null && left == NONE)
          || textCount > Character.MAX_VALUE - 5) {
        keepWhole(slot, stored);
        return;
      }
      scheduled[slot] = when;
      actual[slot] = left;
      number[slot] = numberOf(shared, flight.flightNumber());
      destination[slot] = numberOf(shared, flight.destination());
      airlineCode[slot] = numberOf(shared, flight.airlineCode());
      airline[slot] = numberOf(shared, flight.airline());
      city[slot] = numberOf(shared, flight.destinationCity());
      type[slot] = codeOf(flight.type());
      if (stored.departureReported() != null) {
        if (reported == null) {
          reported = new LocalDateTime[PAGE];
        }
        reported[slot] = stored.departureReported();
      }
    }

    /** Done keeping: the texts' numbers are let go, the list trimmed. */
    void seal() {
      numbers = null;
      texts = java.util.Arrays.copyOf(texts, textCount);
    }

    private char numberOf(java.util.Map<String, String> shared, String text) {
      if (text == null) {
        return NULL;
      }
      Character known = numbers.get(text);
      if (known != null) {
        return known;
      }
      if (textCount == texts.length) {
        texts = java.util.Arrays.copyOf(texts, textCount * 2);
      }
      char next = (char) textCount;
      texts[textCount++] = shared == null ? text : shared.computeIfAbsent(text, t -> t);
      numbers.put(text, next);
      return next;
    }

    void replace(int slot, StoredFlight stored) {
      keepWhole(slot, stored);
    }

    /** Keeps a flight whole; by the one thread that builds the page or puts flights in. */
    private void keepWhole(int slot, StoredFlight stored) {
      AtomicReferenceArray<StoredFlight> whole = later;
      if (whole == null) {
        whole = new AtomicReferenceArray<>(PAGE);
        later = whole;
      }
      whole.set(slot, stored);
    }

    /** The flight kept whole in this slot, or null. */
    private StoredFlight whole(int slot) {
      AtomicReferenceArray<StoredFlight> whole = later;
      return whole == null ? null : whole.get(slot);
    }

    Object stamp(int slot) {
      StoredFlight put = whole(slot);
      return put != null ? put : type[slot] == 0 ? null : stamp;
    }

    StoredFlight get(long id, int slot) {
      StoredFlight put = whole(slot);
      if (put != null || type[slot] == 0) {
        return put;
      }
      return new StoredFlight(
          id,
          new Flight(
              time(scheduled[slot]),
              texts[number[slot]],
              texts[destination[slot]],
              texts[airlineCode[slot]],
              texts[airline[slot]],
              typeOf(type[slot]),
              texts[city[slot]],
              actual[slot] == NONE ? null : time(actual[slot])),
          reported == null ? null : reported[slot]);
    }

    private static byte codeOf(FlightType type) {
      return switch (type) {
        case INTERNATIONAL -> 1;
        case NATIONAL -> 2;
      };
    }

    private static FlightType typeOf(byte code) {
      return code == 1 ? FlightType.INTERNATIONAL : FlightType.NATIONAL;
    }

    /** A local time as seconds from the page's base (read as UTC), or NONE when it is not one. */
    @SuppressWarnings("JavaLocalDateTimeGetNano") // a fraction of a second is all that is asked
    private int seconds(LocalDateTime time) {
      if (time.getNano() != 0) {
        return NONE;
      }
      long offset = time.toEpochSecond(ZoneOffset.UTC) - base;
      return offset > Integer.MIN_VALUE && offset <= Integer.MAX_VALUE ? (int) offset : NONE;
    }

    private LocalDateTime time(int seconds) {
      return LocalDateTime.ofEpochSecond(base + seconds, 0, ZoneOffset.UTC);
    }
  }
}
