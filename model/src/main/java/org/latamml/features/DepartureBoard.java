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

  /** The airport's and the airline's recent record: the day before the window closes. */
  static final long DAY_MINUTES = 24 * 60;

  /** The airline's and the destination's record: the week before the window closes. */
  static final long WEEK_MINUTES = 7 * DAY_MINUTES;

  /** The flight number's own record: the four weeks before the window closes. */
  public static final long FLIGHT_HISTORY_MINUTES = 28 * DAY_MINUTES;

  private final Minutes schedule;
  private final Departures all;
  // The departures of each airline, each destination and each flight number, by key.
  private final Keyed airlines;
  private final Keyed destinations;
  private final Keyed flightNumbers;
  // Holds nothing of the board: an answer kept with it must not keep a retired board alive (the
  // service's board of every stored flight is 21 MB on ten years).
  private final Object stamp = new Object();

  private DepartureBoard(
      Minutes schedule, Departures all, Keyed airlines, Keyed destinations, Keyed flightNumbers) {
    this.schedule = schedule;
    this.all = all;
    this.airlines = airlines;
    this.destinations = destinations;
    this.flightNumbers = flightNumbers;
  }

  /**
   * What stands for this board in an answer kept from it: the same object for as long as the board
   * is, another for any other board, and holding nothing of the board.
   */
  public Object stamp() {
    return stamp;
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

    private long[] scheduled;
    private int flights;
    // Per departed flight: when it left, its minutes late, whether delayed, its keys' numbers.
    private long[] left;
    private long[] late;
    private boolean[] delayed;
    private final Keys airline;
    private final Keys destination;
    private final Keys flightNumber;
    private int departed;

    /** A builder for any number of flights. */
    public Builder() {
      this(1024);
    }

    /**
     * A builder sized for about {@code expected} flights: a board of millions then grows no array
     * by doubling, which at its peak held both copies and half again of slack.
     */
    public Builder(int expected) {
      int size = Math.max(16, expected);
      scheduled = new long[size];
      left = new long[size];
      late = new long[size];
      delayed = new boolean[size];
      airline = new Keys(size);
      destination = new Keys(size);
      flightNumber = new Keys(size);
    }

    /** Adds a flight to the schedule, and to the departures if it left. */
    public Builder add(Flight flight) {
      return add(Entry.of(flight));
    }

    /** Adds a flight kept as an {@link Entry}. */
    public Builder add(Entry entry) {
      return add(
          entry.scheduled(),
          entry.left(),
          entry.delayed(),
          entry.airline(),
          entry.destination(),
          entry.flightNumber());
    }

    /** Adds an entry as it was known before its departure: scheduled, not left. */
    public Builder addNotLeft(Entry entry) {
      return add(entry.scheduled(), Entry.NOT_LEFT, false, null, null, null);
    }

    private Builder add(
        long scheduledMinute,
        long leftMinute,
        boolean isDelayed,
        String airlineName,
        String destinationCode,
        String flightNumberKey) {
      if (scheduled == null) {
        throw new IllegalStateException("a board builder takes no flight after it has built");
      }
      if (flights == scheduled.length) {
        scheduled = Arrays.copyOf(scheduled, flights * 2);
      }
      scheduled[flights++] = scheduledMinute;
      if (leftMinute != Entry.NOT_LEFT) {
        if (departed == left.length) {
          int grown = departed * 2;
          left = Arrays.copyOf(left, grown);
          late = Arrays.copyOf(late, grown);
          delayed = Arrays.copyOf(delayed, grown);
        }
        left[departed] = leftMinute;
        late[departed] = leftMinute - scheduledMinute;
        delayed[departed] = isDelayed;
        airline.add(departed, airlineName);
        destination.add(departed, destinationCode);
        flightNumber.add(departed, flightNumberKey);
        departed++;
      }
      return this;
    }

    /**
     * The board of the flights added; once: it lets go of what it held as it builds, so that a
     * board of millions is built in little more than its own memory.
     */
    public DepartureBoard build() {
      if (scheduled == null) {
        throw new IllegalStateException("a board builder builds once");
      }
      long[] sortedSchedule = Arrays.copyOf(scheduled, flights);
      scheduled = null;
      Arrays.sort(sortedSchedule);
      Minutes schedule = Minutes.of(sortedSchedule);
      sortedSchedule = null;
      int[] inOrder = byTimeLeft();
      Departures all = departures(inOrder);
      left = null;
      late = null;
      delayed = null;
      return new DepartureBoard(
          schedule,
          all,
          airline.keyed(inOrder, all),
          destination.keyed(inOrder, all),
          flightNumber.keyed(inOrder, all));
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
      for (int k = 0; k < inOrder.length; k++) {
        int i = inOrder[k];
        times[k] = left[i];
        delayedUpTo[k + 1] = delayedUpTo[k] + (delayed[i] ? 1 : 0);
        minutesLateUpTo[k + 1] = minutesLateUpTo[k] + late[i];
      }
      return new Departures(Minutes.of(times), delayedUpTo, RunningSum.of(minutesLateUpTo));
    }
  }

  /**
   * A flight number as the board keys it: the operating airline's name and the number, which a
   * request for a flight not stored gives too (it has no airline code).
   */
  private static String flightNumberOf(Flight flight) {
    return flight.airline() + ' ' + flight.flightNumber();
  }

  /**
   * What the board reads of a flight, in about a fifth of a {@link Flight}'s memory: for boards
   * that keep weeks of flights they only count.
   *
   * @param scheduled its scheduled departure, in minutes since 1970
   * @param left when it left, in minutes since 1970; {@link #NOT_LEFT} if it has not
   * @param delayed whether it left late ({@link Flight#isDelayed()})
   * @param airline its airline's name
   * @param destination its destination's code
   * @param flightNumber its airline and number, as the board keys them
   */
  public record Entry(
      long scheduled,
      long left,
      boolean delayed,
      String airline,
      String destination,
      String flightNumber) {

    /** The {@code left} of a flight that has not left. */
    public static final long NOT_LEFT = Long.MIN_VALUE;

    /** The entry of a flight. */
    public static Entry of(Flight flight) {
      long scheduledMinute = minutes(flight.scheduledDeparture());
      return flight.hasDeparted()
          ? new Entry(
              scheduledMinute,
              minutes(flight.actualDeparture()),
              flight.isDelayed(),
              flight.airline(),
              flight.destination(),
              flightNumberOf(flight))
          : new Entry(scheduledMinute, NOT_LEFT, false, null, null, null);
    }

    /** The minute of a time, as entries count them. */
    public static long minuteOf(LocalDateTime time) {
      return minutes(time);
    }
  }

  /** Each added departure's key (an airline, a destination...) numbered in the order first seen. */
  private static final class Keys {
    private final Map<String, Integer> numbers = new HashMap<>();
    private int[] of;

    Keys(int size) {
      of = new int[size];
    }

    void add(int departure, String key) {
      if (departure == of.length) {
        of = Arrays.copyOf(of, departure * 2);
      }
      of[departure] = numbers.computeIfAbsent(key, k -> numbers.size());
    }

    /** The departures of each key in the order they left, {@code inOrder} giving that order. */
    Keyed keyed(int[] inOrder, Departures all) {
      int keys = numbers.size();
      int[] start = new int[keys + 1];
      for (int i : inOrder) {
        start[of[i] + 1]++;
      }
      for (int key = 0; key < keys; key++) {
        start[key + 1] += start[key];
      }
      int[] next = Arrays.copyOf(start, keys);
      if (inOrder.length > 1 << 30) {
        throw new IllegalArgumentException("a board holds at most 2^30 departures");
      }
      int[] departures = new int[inOrder.length];
      for (int k = 0; k < inOrder.length; k++) {
        departures[next[of[inOrder[k]]]++] = k << 1 | (all.isDelayed(k) ? 1 : 0);
      }
      of = null;
      return new Keyed(Map.copyOf(numbers), start, departures);
    }
  }

  /**
   * The departures of each key in the order they left, so that a key's departures in a window are
   * found by two binary searches and counted by walking them (a flight number's four weeks: a few
   * dozen; an airline's week: hundreds): one int a departure a key, where walking the airport's
   * week for one airline, or its four weeks for one flight number, would cost more than the rest of
   * the context, and running counts per key would take twice the memory (ten years' board would not
   * be built in the launcher's heap: docs/PERFORMANCE.md, "Boards of four weeks").
   */
  private static final class Keyed {
    private final Map<String, Integer> numbers;
    private final int[] start;
    // Departures' positions in the board's time order, key by key, shifted left by one, the low
    // bit whether the departure was delayed: a window's search and walk read this array alone,
    // where looking each departure up on the whole board cost a cache miss each (ten years:
    // docs/PERFORMANCE.md, "A flight's context on ten years"). A board holds under 2^30.
    private final int[] departures;
    private final int[] samples;

    Keyed(Map<String, Integer> numbers, int[] start, int[] departures) {
      this.numbers = numbers;
      this.start = start;
      this.departures = departures;
      this.samples = Samples.of(departures, 1);
    }

    /**
     * The share delayed of the key's departures at board positions from {@code from} up to {@code
     * to}: those that left at or after the minute whose position is {@code from}, before that of
     * {@code to}, since the board's positions are in the order departures left.
     */
    double delayRate(String key, int from, int to) {
      Integer number = numbers.get(key);
      if (number == null) {
        return 0;
      }
      int first = firstAtOrAfter(number, from);
      int end = Math.max(first, firstAtOrAfter(number, to));
      if (end == first) {
        return 0;
      }
      int delayed = 0;
      for (int e = first; e < end; e++) {
        delayed += departures[e] & 1;
      }
      return (double) delayed / (end - first);
    }

    /**
     * The first of the key's departures at or after board position {@code position}: a search of
     * the key's own array, where comparing each departure's time read the whole board's, a cache
     * miss a step on ten years (docs/PERFORMANCE.md, "Four trees at once").
     */
    private int firstAtOrAfter(int number, int position) {
      return Samples.firstAtOrAfter(
          departures, samples, 1, start[number], start[number + 1], position);
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
    // The longer records close an hour before the flight, as the window does, whatever asOf.
    long closes = scheduled - WINDOW_END_MINUTES;
    // Each bound found once on the whole board, and the keys' departures searched by position:
    // six searches of the board where each figure would make two.
    int end = all.position(to);
    int windowStart = all.position(from);
    int dayAgo = all.position(closes - DAY_MINUTES);
    int weekAgo = all.position(closes - WEEK_MINUTES);
    return new FlightContext(
        countBetween(schedule, hourStart, hourStart + 60),
        Math.max(0, end - windowStart),
        all.delayRate(windowStart, end),
        all.meanMinutesLate(windowStart, end),
        all.delayRate(all.position(dayStart), end),
        airlines.delayRate(flight.airline(), windowStart, end),
        countBetween(schedule, scheduled - 60, scheduled + 61),
        all.delayRate(dayAgo, end),
        all.meanMinutesLate(dayAgo, end),
        all.delayRate(weekAgo, end),
        airlines.delayRate(flight.airline(), weekAgo, end),
        destinations.delayRate(flight.destination(), weekAgo, end),
        flightNumbers.delayRate(
            flightNumberOf(flight), all.position(closes - FLIGHT_HISTORY_MINUTES), end));
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
  private static int countBetween(Minutes sorted, long from, long to) {
    return Math.max(0, sorted.firstAtOrAfter(to) - sorted.firstAtOrAfter(from));
  }

  /**
   * Sorted minutes, as ints from the first where they span less than 4,000 years (always, but for a
   * departure a million years away), else as longs: a board of ten years in the launcher's heap
   * (docs/PERFORMANCE.md, "Boards of four weeks"). The ints are found through their buckets.
   */
  private static final class Minutes {
    /** At least this many minutes a bucket holds on average (under twice as many): 32-64 bytes. */
    private static final int PER_BUCKET = 8;

    private final long first;
    private final int[] offsets;
    // Where each bucket of 2^shift minutes starts among the offsets: a search reads two of these,
    // then halves one bucket, where halving ten years' 2.7 MB missed the cache at most of its
    // twenty steps (docs/PERFORMANCE.md, "The board's minutes in buckets").
    private final int[] bucketStarts;
    private final int shift;
    private final long[] minutes;

    private Minutes(long first, int[] offsets, long[] minutes) {
      this.first = first;
      this.offsets = offsets;
      this.minutes = minutes;
      if (offsets == null) {
        this.shift = 0;
        this.bucketStarts = null;
        return;
      }
      int last = offsets[offsets.length - 1];
      int buckets = Math.max(2, offsets.length / PER_BUCKET);
      int widthShift = 0;
      // In longs: a span of Integer.MAX_VALUE minutes would overflow the count.
      while (widthShift < 31 && (last >>> widthShift) + 2L > buckets) {
        widthShift++;
      }
      this.shift = widthShift;
      // One bucket past the last minute's, which starts at the end: every bucket has a next.
      int[] starts = new int[(last >>> widthShift) + 2];
      int at = 0;
      for (int bucket = 0; bucket < starts.length; bucket++) {
        long lowest = (long) bucket << widthShift;
        while (at < offsets.length && offsets[at] < lowest) {
          at++;
        }
        starts[bucket] = at;
      }
      this.bucketStarts = starts;
    }

    static Minutes of(long[] sorted) {
      if (sorted.length == 0 || sorted[sorted.length - 1] - sorted[0] > Integer.MAX_VALUE) {
        return new Minutes(0, null, sorted);
      }
      int[] offsets = new int[sorted.length];
      for (int i = 0; i < sorted.length; i++) {
        offsets[i] = (int) (sorted[i] - sorted[0]);
      }
      return new Minutes(sorted[0], offsets, null);
    }

    /** The first position whose minute is at or after {@code minute}. */
    int firstAtOrAfter(long minute) {
      if (offsets == null) {
        return firstAtOrAfter(minutes, minute);
      }
      long offset = minute - first;
      if (offset <= 0) {
        return 0;
      }
      if (offset > offsets[offsets.length - 1]) {
        return offsets.length;
      }
      // The answer is in the offset's bucket, or is where the next bucket starts.
      int bucket = (int) offset >>> shift;
      int low = bucketStarts[bucket];
      int high = bucketStarts[bucket + 1];
      while (low < high) {
        int mid = (low + high) >>> 1;
        if (offsets[mid] < offset) {
          low = mid + 1;
        } else {
          high = mid;
        }
      }
      return low;
    }

    private static int firstAtOrAfter(long[] sorted, long value) {
      int low = 0;
      int high = sorted.length;
      while (low < high) {
        int mid = (low + high) >>> 1;
        if (sorted[mid] < value) {
          low = mid + 1;
        } else {
          high = mid;
        }
      }
      return low;
    }
  }

  /**
   * Every {@link #EVERY}th value of an array of sorted runs of ints, kept apart so that a search
   * halves this small array, then reads one block of the large one: halving the whole of an
   * airline's 400,000 departures in ten years missed the cache at most of its twenty steps
   * (docs/PERFORMANCE.md, "Four trees at once"). A sixteenth more memory. A key's departures are
   * searched by board position, which buckets of minutes cannot find.
   */
  private static final class Samples {
    /** A sample every 16 values: a block searched is 15 ints, one or two cache lines. */
    static final int EVERY = 16;

    private Samples() {}

    /** The samples of {@code values}, each shifted right by {@code shift}. */
    static int[] of(int[] values, int shift) {
      int[] samples = new int[(values.length + EVERY - 1) / EVERY];
      for (int i = 0; i < samples.length; i++) {
        samples[i] = values[i * EVERY] >>> shift;
      }
      return samples;
    }

    /**
     * The first index from {@code low} up to {@code high} whose value, shifted right by {@code
     * shift}, is at or after {@code value}; {@code high} if none is. The values there are sorted.
     */
    static int firstAtOrAfter(
        int[] values, int[] samples, int shift, int low, int high, int value) {
      // The samples of indices from low up to high; the first of them at or after the value.
      int sampleLow = (low + EVERY - 1) / EVERY;
      int sampleHigh = (high + EVERY - 1) / EVERY;
      int sample = sampleLow;
      int end = sampleHigh;
      while (sample < end) {
        int mid = (sample + end) >>> 1;
        if (samples[mid] < value) {
          sample = mid + 1;
        } else {
          end = mid;
        }
      }
      // The index is past the sample before (below the value) and at most the one found.
      int from = sample == sampleLow ? low : (sample - 1) * EVERY + 1;
      int to = sample == sampleHigh ? high : sample * EVERY;
      while (from < to) {
        int mid = (from + to) >>> 1;
        if (values[mid] >>> shift < value) {
          from = mid + 1;
        } else {
          to = mid;
        }
      }
      return from;
    }
  }

  /** Running sums, as ints where every one fits (always, but for absurd delays), else as longs. */
  private static final class RunningSum {
    private final int[] small;
    private final long[] large;

    private RunningSum(int[] small, long[] large) {
      this.small = small;
      this.large = large;
    }

    static RunningSum of(long[] sums) {
      for (long sum : sums) {
        if (sum > Integer.MAX_VALUE || sum < Integer.MIN_VALUE) {
          return new RunningSum(null, sums);
        }
      }
      int[] small = new int[sums.length];
      for (int i = 0; i < sums.length; i++) {
        small[i] = (int) sums[i];
      }
      return new RunningSum(small, null);
    }

    long at(int i) {
      return small != null ? small[i] : large[i];
    }
  }

  private static long minutes(LocalDateTime time) {
    return Math.floorDiv(time.toEpochSecond(ZoneOffset.UTC), 60);
  }

  /** Actual departures in time order, with running sums for any window in O(log n). */
  private static final class Departures {
    private final Minutes times;
    private final int[] delayedUpTo;
    private final RunningSum minutesLateUpTo;

    Departures(Minutes times, int[] delayedUpTo, RunningSum minutesLateUpTo) {
      this.times = times;
      this.delayedUpTo = delayedUpTo;
      this.minutesLateUpTo = minutesLateUpTo;
    }

    boolean isDelayed(int departure) {
      return delayedUpTo[departure + 1] > delayedUpTo[departure];
    }

    /** Departures at or after {@code from} and before {@code to}. */
    int count(long from, long to) {
      return Math.max(0, firstAtOrAfter(to) - firstAtOrAfter(from));
    }

    /** The first departure at or after {@code minute}, as {@link #delayRate(int, int)} takes. */
    int position(long minute) {
      return firstAtOrAfter(minute);
    }

    /** The share delayed of the departures from position {@code start} up to {@code end}. */
    double delayRate(int start, int end) {
      return end <= start ? 0 : (double) (delayedUpTo[end] - delayedUpTo[start]) / (end - start);
    }

    /** The mean minutes late of the departures from position {@code start} up to {@code end}. */
    double meanMinutesLate(int start, int end) {
      return end <= start
          ? 0
          : (double) (minutesLateUpTo.at(end) - minutesLateUpTo.at(start)) / (end - start);
    }

    private int firstAtOrAfter(long minute) {
      return times.firstAtOrAfter(minute);
    }
  }
}
