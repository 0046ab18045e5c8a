package org.latamml.board;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.latamml.features.DepartureBoard;
import org.latamml.flight.Flight;
import org.latamml.store.StoredFlight;

/**
 * One day's departure board: the flights scheduled from thirty days before it to two days after,
 * which hold every flight its flights' contexts read (the flight number's four weeks before the
 * hour ahead; a departure is stored only within a day of its schedule), read by the same {@link
 * DepartureBoard} as training's. The flights of the two days before it to two after are kept whole
 * (the board route lists them); the weeks before only as the board counts them, in a fifth of the
 * memory (docs/PERFORMANCE.md, "Boards of four weeks").
 */
final class DayBoard {
  /** Days before the day whose flights it holds: the longest record, a day, and a day's lag. */
  static final int DAYS_BEFORE = (int) (DepartureBoard.FLIGHT_HISTORY_MINUTES / (24 * 60)) + 2;

  /** Days after it: a day after the window closes shows the feed ran, and a day's lag. */
  static final int DAYS_AFTER = 2;

  /** Days before it whose flights are kept whole. */
  static final int WHOLE_DAYS_BEFORE = 2;

  private static final Comparator<StoredFlight> BY_SCHEDULE =
      Comparator.comparing((StoredFlight f) -> f.flight().scheduledDeparture())
          .thenComparingLong(StoredFlight::id);

  private final LocalDate day;
  private final LocalDateTime wholeFrom;
  private final Map<Long, StoredFlight> flights = new HashMap<>();
  private final Map<Long, Earlier> earlier = new HashMap<>();
  // One copy of each text the earlier flights repeat (airlines, destinations, flight numbers).
  private final Map<String, String> texts = new HashMap<>();
  private volatile Snapshot snapshot;

  /** A flight of the weeks before: what the board counts, and when its departure became known. */
  private record Earlier(DepartureBoard.Entry entry, long knownMinute) {}

  /** What readers see: rebuilt whole after each change, never changed in place. */
  private static final class Snapshot {
    final DepartureBoard board;
    final StoredFlight[] bySchedule;
    final Earlier[] earlier;
    // The minute of the latest report of a departure made after the flight left, or
    // Long.MIN_VALUE: a board as of an earlier time must not count that departure yet.
    final long lastLateReport;

    Snapshot(
        DepartureBoard board, StoredFlight[] bySchedule, Earlier[] earlier, long lastLateReport) {
      this.board = board;
      this.bySchedule = bySchedule;
      this.earlier = earlier;
      this.lastLateReport = lastLateReport;
    }
  }

  /** The board as known at one time, kept for the next reader asking for that time. */
  private record KnownAt(Snapshot snapshot, LocalDateTime asOf, DepartureBoard board) {}

  private volatile KnownAt knownAt;

  DayBoard(LocalDate day, List<StoredFlight> flights) {
    this.day = day;
    this.wholeFrom = day.minusDays(WHOLE_DAYS_BEFORE).atStartOfDay();
    flights.forEach(this::put);
    rebuild();
  }

  LocalDate day() {
    return day;
  }

  /** The first scheduled time it holds. */
  static LocalDateTime from(LocalDate day) {
    return day.minusDays(DAYS_BEFORE).atStartOfDay();
  }

  /** The first scheduled time after those it holds. */
  static LocalDateTime to(LocalDate day) {
    return day.plusDays(DAYS_AFTER + 1L).atStartOfDay();
  }

  /** Whether a flight scheduled then belongs on it. */
  boolean holds(LocalDateTime scheduled) {
    return !scheduled.isBefore(from(day)) && scheduled.isBefore(to(day));
  }

  /** Takes in a new or changed flight; readers see it after {@link #rebuild}. */
  void put(StoredFlight flight) {
    LocalDateTime scheduled = flight.flight().scheduledDeparture();
    if (!holds(scheduled)) {
      return;
    }
    if (scheduled.isBefore(wholeFrom)) {
      flights.remove(flight.id());
      earlier.put(flight.id(), earlierOf(flight));
    } else {
      earlier.remove(flight.id());
      flights.put(flight.id(), flight);
    }
  }

  private Earlier earlierOf(StoredFlight stored) {
    DepartureBoard.Entry entry = DepartureBoard.Entry.of(stored.flight());
    LocalDateTime known = stored.departureKnown();
    return new Earlier(
        new DepartureBoard.Entry(
            entry.scheduled(),
            entry.left(),
            entry.delayed(),
            shared(entry.airline()),
            shared(entry.destination()),
            shared(entry.flightNumber())),
        known == null ? DepartureBoard.Entry.NOT_LEFT : DepartureBoard.Entry.minuteOf(known));
  }

  private String shared(String text) {
    return text == null ? null : texts.computeIfAbsent(text, t -> t);
  }

  void rebuild() {
    StoredFlight[] sorted = flights.values().toArray(StoredFlight[]::new);
    Arrays.sort(sorted, BY_SCHEDULE);
    Earlier[] counted = earlier.values().toArray(Earlier[]::new);
    long lastLateReport = Long.MIN_VALUE;
    DepartureBoard.Builder builder = new DepartureBoard.Builder();
    for (Earlier flight : counted) {
      builder.add(flight.entry());
      if (flight.knownMinute() > flight.entry().left()) {
        lastLateReport = Math.max(lastLateReport, flight.knownMinute());
      }
    }
    for (StoredFlight flight : sorted) {
      builder.add(flight.flight());
      LocalDateTime known = flight.departureKnown();
      if (known != null && known.isAfter(flight.flight().actualDeparture())) {
        lastLateReport = Math.max(lastLateReport, DepartureBoard.Entry.minuteOf(known));
      }
    }
    snapshot = new Snapshot(builder.build(), sorted, counted, lastLateReport);
  }

  /**
   * The board as the store knew it at {@code asOf} (null: all it knows): without the departures
   * reported after it. {@link DepartureBoard} leaves out those that left after it.
   */
  DepartureBoard board(LocalDateTime asOf) {
    Snapshot now = snapshot;
    if (asOf == null || now.lastLateReport <= DepartureBoard.Entry.minuteOf(asOf)) {
      return now.board;
    }
    KnownAt kept = knownAt;
    if (kept != null && kept.snapshot() == now && kept.asOf().equals(asOf)) {
      return kept.board();
    }
    long known = DepartureBoard.Entry.minuteOf(asOf);
    DepartureBoard.Builder builder = new DepartureBoard.Builder();
    for (Earlier flight : now.earlier) {
      if (flight.knownMinute() > known) {
        builder.addNotLeft(flight.entry());
      } else {
        builder.add(flight.entry());
      }
    }
    for (StoredFlight flight : now.bySchedule) {
      builder.add(flight.asKnownAt(asOf));
    }
    DepartureBoard board = builder.build();
    knownAt = new KnownAt(now, asOf, board);
    return board;
  }

  /** The flights scheduled at or after {@code from} and before {@code to}, in schedule order. */
  List<StoredFlight> scheduled(LocalDateTime from, LocalDateTime to) {
    StoredFlight[] sorted = snapshot.bySchedule;
    int start = firstAtOrAfter(sorted, from);
    int end = firstAtOrAfter(sorted, to);
    return List.of(Arrays.copyOfRange(sorted, start, Math.max(start, end)));
  }

  private static int firstAtOrAfter(StoredFlight[] sorted, LocalDateTime time) {
    int low = 0;
    int high = sorted.length;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (sorted[mid].flight().scheduledDeparture().isBefore(time)) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  /** A flight's context day: the day it is scheduled. */
  static LocalDate dayOf(Flight flight) {
    return flight.scheduledDeparture().toLocalDate();
  }
}
