package org.latamml.features;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
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

  private final long[] schedule;
  private final Departures all;
  // Each airline's number in the departures' airline column.
  private final Map<String, Integer> airlines;

  private DepartureBoard(long[] schedule, Departures all, Map<String, Integer> airlines) {
    this.schedule = schedule;
    this.all = all;
    this.airlines = airlines;
  }

  /** A board of these flights: the schedule of all of them, the departures of those that left. */
  public static DepartureBoard of(Collection<Flight> flights) {
    Builder builder = new Builder();
    flights.forEach(builder::add);
    return builder.build();
  }

  /**
   * Takes flights one at a time and keeps only their minutes, so that a board of millions of
   * flights is built without holding them as objects (the service's board of every stored flight).
   */
  public static final class Builder {
    private static final int INDEX_BITS = 24;

    private long[] scheduled = new long[1024];
    private int flights;
    // Per departed flight: when it left, its minutes late, whether delayed, its airline's number.
    private long[] left = new long[1024];
    private long[] late = new long[1024];
    private boolean[] delayed = new boolean[1024];
    private int[] airline = new int[1024];
    private int departed;
    private final Map<String, Integer> airlines = new HashMap<>();

    /** Adds a flight to the schedule, and to the departures if it left. */
    public Builder add(Flight flight) {
      if (flights == scheduled.length) {
        scheduled = Arrays.copyOf(scheduled, flights * 2);
      }
      scheduled[flights++] = minutes(flight.scheduledDeparture());
      if (flight.hasDeparted()) {
        if (departed == left.length) {
          int grown = departed * 2;
          left = Arrays.copyOf(left, grown);
          late = Arrays.copyOf(late, grown);
          delayed = Arrays.copyOf(delayed, grown);
          airline = Arrays.copyOf(airline, grown);
        }
        left[departed] = minutes(flight.actualDeparture());
        late[departed] = left[departed] - minutes(flight.scheduledDeparture());
        delayed[departed] = flight.isDelayed();
        airline[departed] = airlines.computeIfAbsent(flight.airline(), a -> airlines.size());
        departed++;
      }
      return this;
    }

    /** The board of the flights added. */
    public DepartureBoard build() {
      long[] schedule = Arrays.copyOf(scheduled, flights);
      Arrays.sort(schedule);
      return new DepartureBoard(schedule, departures(byTimeLeft()), Map.copyOf(airlines));
    }

    /**
     * The departed flights' numbers in the order they left (the order among flights that left in
     * the same minute does not matter: every window takes them all or none).
     */
    private int[] byTimeLeft() {
      int[] sorted = new int[departed];
      long first = Long.MAX_VALUE;
      long last = Long.MIN_VALUE;
      for (int i = 0; i < departed; i++) {
        first = Math.min(first, left[i]);
        last = Math.max(last, left[i]);
      }
      if (departed < 1 << INDEX_BITS && last - first < 1L << (63 - INDEX_BITS)) {
        // Minute and number in one long, sorted as primitives: no object per departure.
        long[] keys = new long[departed];
        for (int i = 0; i < departed; i++) {
          keys[i] = (left[i] - first) << INDEX_BITS | i;
        }
        Arrays.sort(keys);
        for (int i = 0; i < departed; i++) {
          sorted[i] = (int) (keys[i] & ((1 << INDEX_BITS) - 1));
        }
        return sorted;
      }
      Integer[] order = new Integer[departed];
      for (int i = 0; i < departed; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (a, b) -> Long.compare(left[a], left[b]));
      for (int i = 0; i < departed; i++) {
        sorted[i] = order[i];
      }
      return sorted;
    }

    private Departures departures(int[] inOrder) {
      long[] times = new long[inOrder.length];
      int[] delayedUpTo = new int[inOrder.length + 1];
      long[] minutesLateUpTo = new long[inOrder.length + 1];
      int[] airlineOf = new int[inOrder.length];
      for (int k = 0; k < inOrder.length; k++) {
        int i = inOrder[k];
        times[k] = left[i];
        delayedUpTo[k + 1] = delayedUpTo[k] + (delayed[i] ? 1 : 0);
        minutesLateUpTo[k + 1] = minutesLateUpTo[k] + late[i];
        airlineOf[k] = airline[i];
      }
      return new Departures(times, delayedUpTo, minutesLateUpTo, airlineOf);
    }
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
    long hourStart = minutes(flight.scheduledDeparture().truncatedTo(ChronoUnit.HOURS));
    Integer airline = airlines.get(flight.airline());
    return new FlightContext(
        countBetween(schedule, hourStart, hourStart + 60),
        all.count(from, to),
        all.delayRate(from, to),
        all.meanMinutesLate(from, to),
        all.delayRate(dayStart, to),
        airline == null ? 0 : all.delayRateOf(airline, from, to),
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

  private static long minutes(LocalDateTime time) {
    return Math.floorDiv(time.toEpochSecond(ZoneOffset.UTC), 60);
  }

  /** Actual departures in time order, with running sums for any window in O(log n). */
  private static final class Departures {
    private final long[] times;
    private final int[] delayedUpTo;
    private final long[] minutesLateUpTo;
    // Each departure's airline, by its number: an airline's share in a window is counted by
    // walking the window (a few dozen departures), where a copy of the sums per airline would
    // double the board (docs/PERFORMANCE.md, "Every day's context").
    private final int[] airline;

    Departures(long[] times, int[] delayedUpTo, long[] minutesLateUpTo, int[] airline) {
      this.times = times;
      this.delayedUpTo = delayedUpTo;
      this.minutesLateUpTo = minutesLateUpTo;
      this.airline = airline;
    }

    /**
     * The share delayed of one airline's departures at or after {@code from}, before {@code to}.
     */
    double delayRateOf(int airlineNumber, long from, long to) {
      int end = firstAtOrAfter(to);
      int count = 0;
      int delayed = 0;
      for (int i = firstAtOrAfter(from); i < end; i++) {
        if (airline[i] == airlineNumber) {
          count++;
          delayed += delayedUpTo[i + 1] - delayedUpTo[i];
        }
      }
      return count == 0 ? 0 : (double) delayed / count;
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
