package org.latamml.features;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.latamml.flight.Flight;

/**
 * The airport's board of scheduled and actual departures, from which each flight's {@link
 * FlightContext} is read. Only facts known one hour before a flight's scheduled departure enter its
 * context: the schedule, and flights that had already left by then.
 */
public final class DepartureBoard {

  /** The context window opens this long before the scheduled departure. */
  static final long WINDOW_START_MINUTES = 180;

  /** The context window closes this long before it: the prediction is made an hour ahead. */
  static final long WINDOW_END_MINUTES = 60;

  /** How far from the window a departure shows the airport's departures were being recorded. */
  static final long SPAN_MINUTES = 24 * 60;

  private final Map<LocalDateTime, Integer> scheduledPerHour = new HashMap<>();
  private final long[] schedule;
  private final Departures all;
  private final Map<String, Departures> byAirline;

  private DepartureBoard(Collection<Flight> flights) {
    List<Flight> departed = flights.stream().filter(Flight::hasDeparted).toList();
    all = new Departures(departed);
    byAirline =
        departed.stream().collect(Collectors.groupingBy(Flight::airline)).entrySet().stream()
            .collect(Collectors.toMap(Map.Entry::getKey, e -> new Departures(e.getValue())));
    for (Flight flight : flights) {
      scheduledPerHour.merge(hourOf(flight), 1, Integer::sum);
    }
    schedule = flights.stream().mapToLong(f -> minutes(f.scheduledDeparture())).sorted().toArray();
  }

  /** A board of these flights: the schedule of all of them, the departures of those that left. */
  public static DepartureBoard of(Collection<Flight> flights) {
    return new DepartureBoard(flights);
  }

  /** The context of a flight on this board, every departure on it known. */
  public FlightContext contextOf(Flight flight) {
    return contextOf(flight, null);
  }

  /**
   * The context of a flight as it was known at {@code asOf}: departures after it (to the minute) do
   * not count, as if they had not been reported yet; the schedule counts whole, being published the
   * evening before. A null {@code asOf} counts every departure on the board.
   */
  public FlightContext contextOf(Flight flight, LocalDateTime asOf) {
    long scheduled = minutes(flight.scheduledDeparture());
    long from = scheduled - WINDOW_START_MINUTES;
    long to = Math.min(scheduled - WINDOW_END_MINUTES, knownBefore(asOf));
    long dayStart = minutes(flight.scheduledDeparture().toLocalDate().atStartOfDay());
    Departures airline = byAirline.getOrDefault(flight.airline(), Departures.EMPTY);
    return new FlightContext(
        scheduledPerHour.getOrDefault(hourOf(flight), 0),
        all.count(from, to),
        all.delayRate(from, to),
        all.meanMinutesLate(from, to),
        all.delayRate(dayStart, to),
        airline.delayRate(from, to),
        countBetween(schedule, scheduled - 60, scheduled + 61));
  }

  /**
   * Whether the board's departures span the flight's context window, so that its context is known
   * rather than merely empty: some flight left in the day before the window opens (at or before
   * it), and some in the day after it closes. A board of last year's departures, or of a schedule
   * whose flights have not left, or of a feed that began in the window, knows nothing of the
   * airport's hours before the flight.
   */
  public boolean covers(Flight flight) {
    return covers(flight, null);
  }

  /** Whether the departures known at {@code asOf} span the flight's context window. */
  public boolean covers(Flight flight, LocalDateTime asOf) {
    long scheduled = minutes(flight.scheduledDeparture());
    long opens = scheduled - WINDOW_START_MINUTES;
    long closes = scheduled - WINDOW_END_MINUTES;
    long known = knownBefore(asOf);
    return all.count(opens - SPAN_MINUTES, Math.min(opens + 1, known)) > 0
        && all.count(closes, Math.min(closes + SPAN_MINUTES + 1, known)) > 0;
  }

  /** The first minute not known at {@code asOf}: departures before it count. */
  private static long knownBefore(LocalDateTime asOf) {
    return asOf == null ? Long.MAX_VALUE : minutes(asOf) + 1;
  }

  /** How many of the sorted minutes fall at or after {@code from} and before {@code to}. */
  private static int countBetween(long[] sorted, long from, long to) {
    return Math.max(
        0, Departures.firstAtOrAfter(sorted, to) - Departures.firstAtOrAfter(sorted, from));
  }

  private static LocalDateTime hourOf(Flight flight) {
    return flight.scheduledDeparture().truncatedTo(ChronoUnit.HOURS);
  }

  private static long minutes(LocalDateTime time) {
    return time.toEpochSecond(ZoneOffset.UTC) / 60;
  }

  /** Actual departures in time order, with running sums for any window in O(log n). */
  private static final class Departures {
    static final Departures EMPTY = new Departures(List.of());

    private final long[] times;
    private final int[] delayedUpTo;
    private final long[] minutesLateUpTo;

    Departures(List<Flight> departed) {
      Flight[] sorted =
          departed.stream()
              .sorted((a, b) -> a.actualDeparture().compareTo(b.actualDeparture()))
              .toArray(Flight[]::new);
      times = new long[sorted.length];
      delayedUpTo = new int[sorted.length + 1];
      minutesLateUpTo = new long[sorted.length + 1];
      for (int i = 0; i < sorted.length; i++) {
        Flight flight = sorted[i];
        times[i] = minutes(flight.actualDeparture());
        delayedUpTo[i + 1] = delayedUpTo[i] + (flight.isDelayed() ? 1 : 0);
        minutesLateUpTo[i + 1] =
            minutesLateUpTo[i] + times[i] - minutes(flight.scheduledDeparture());
      }
    }

    /** Departures at or after {@code from} and before {@code to}. */
    int count(long from, long to) {
      return Math.max(0, firstAtOrAfter(to) - firstAtOrAfter(from));
    }

    double delayRate(long from, long to) {
      int start = firstAtOrAfter(from);
      int end = Math.max(start, firstAtOrAfter(to));
      return end == start ? 0 : (double) (delayedUpTo[end] - delayedUpTo[start]) / (end - start);
    }

    double meanMinutesLate(long from, long to) {
      int start = firstAtOrAfter(from);
      int end = Math.max(start, firstAtOrAfter(to));
      return end == start
          ? 0
          : (double) (minutesLateUpTo[end] - minutesLateUpTo[start]) / (end - start);
    }

    private int firstAtOrAfter(long minute) {
      return firstAtOrAfter(times, minute);
    }

    static int firstAtOrAfter(long[] sorted, long minute) {
      int at = Arrays.binarySearch(sorted, minute);
      if (at < 0) {
        return -at - 1;
      }
      while (at > 0 && sorted[at - 1] == minute) {
        at--;
      }
      return at;
    }
  }
}
