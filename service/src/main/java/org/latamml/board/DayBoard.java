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
 * One day's departure board: the flights scheduled from two days before it to two days after, which
 * hold every flight its flights' contexts read (a departure is stored only within a day of its
 * schedule), read by the same {@link DepartureBoard} as training's.
 */
final class DayBoard {
  /** Days either side of the day whose flights it holds. */
  static final int MARGIN_DAYS = 2;

  private static final Comparator<StoredFlight> BY_SCHEDULE =
      Comparator.comparing((StoredFlight f) -> f.flight().scheduledDeparture())
          .thenComparingLong(StoredFlight::id);

  private final LocalDate day;
  private final Map<Long, StoredFlight> flights = new HashMap<>();
  private volatile Snapshot snapshot;

  /** What readers see: rebuilt whole after each change, never changed in place. */
  private static final class Snapshot {
    final DepartureBoard board;
    final StoredFlight[] bySchedule;
    // The latest report of a departure made after the flight left, or null: a board as of an
    // earlier time must not count that departure yet.
    final LocalDateTime lastLateReport;

    Snapshot(DepartureBoard board, StoredFlight[] bySchedule, LocalDateTime lastLateReport) {
      this.board = board;
      this.bySchedule = bySchedule;
      this.lastLateReport = lastLateReport;
    }
  }

  /** The board as known at one time, kept for the next reader asking for that time. */
  private record KnownAt(Snapshot snapshot, LocalDateTime asOf, DepartureBoard board) {}

  private volatile KnownAt knownAt;

  DayBoard(LocalDate day, List<StoredFlight> flights) {
    this.day = day;
    flights.forEach(this::put);
    rebuild();
  }

  LocalDate day() {
    return day;
  }

  /** The first scheduled time it holds. */
  static LocalDateTime from(LocalDate day) {
    return day.minusDays(MARGIN_DAYS).atStartOfDay();
  }

  /** The first scheduled time after those it holds. */
  static LocalDateTime to(LocalDate day) {
    return day.plusDays(MARGIN_DAYS + 1L).atStartOfDay();
  }

  /** Whether a flight scheduled then belongs on it. */
  boolean holds(LocalDateTime scheduled) {
    return !scheduled.isBefore(from(day)) && scheduled.isBefore(to(day));
  }

  /** Takes in a new or changed flight; readers see it after {@link #rebuild}. */
  void put(StoredFlight flight) {
    if (holds(flight.flight().scheduledDeparture())) {
      flights.put(flight.id(), flight);
    }
  }

  void rebuild() {
    StoredFlight[] sorted = flights.values().toArray(StoredFlight[]::new);
    Arrays.sort(sorted, BY_SCHEDULE);
    LocalDateTime lastLateReport = null;
    for (StoredFlight flight : sorted) {
      LocalDateTime known = flight.departureKnown();
      if (known != null
          && known.isAfter(flight.flight().actualDeparture())
          && (lastLateReport == null || known.isAfter(lastLateReport))) {
        lastLateReport = known;
      }
    }
    snapshot =
        new Snapshot(
            DepartureBoard.of(Arrays.stream(sorted).map(StoredFlight::flight).toList()),
            sorted,
            lastLateReport);
  }

  /**
   * The board as the store knew it at {@code asOf} (null: all it knows): without the departures
   * reported after it. {@link DepartureBoard} leaves out those that left after it.
   */
  DepartureBoard board(LocalDateTime asOf) {
    Snapshot now = snapshot;
    if (asOf == null
        || now.lastLateReport == null
        || !now.lastLateReport
            .truncatedTo(java.time.temporal.ChronoUnit.MINUTES)
            .isAfter(asOf.truncatedTo(java.time.temporal.ChronoUnit.MINUTES))) {
      return now.board;
    }
    KnownAt kept = knownAt;
    if (kept != null && kept.snapshot() == now && kept.asOf().equals(asOf)) {
      return kept.board();
    }
    DepartureBoard board =
        DepartureBoard.of(Arrays.stream(now.bySchedule).map(f -> f.asKnownAt(asOf)).toList());
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
