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

  private final Map<LocalDateTime, Integer> scheduledPerHour = new HashMap<>();
  private final long[] departures;
  private final int[] delayedUpTo;

  private DepartureBoard(Collection<Flight> flights) {
    long[][] departed =
        flights.stream()
            .filter(Flight::hasDeparted)
            .map(f -> new long[] {minutes(f.actualDeparture()), f.isDelayed() ? 1 : 0})
            .sorted((a, b) -> Long.compare(a[0], b[0]))
            .toArray(long[][]::new);
    departures = new long[departed.length];
    delayedUpTo = new int[departed.length + 1];
    for (int i = 0; i < departed.length; i++) {
      departures[i] = departed[i][0];
      delayedUpTo[i + 1] = delayedUpTo[i] + (int) departed[i][1];
    }
    for (Flight flight : flights) {
      scheduledPerHour.merge(hourOf(flight), 1, Integer::sum);
    }
  }

  /** A board of these flights: the schedule of all of them, the departures of those that left. */
  public static DepartureBoard of(Collection<Flight> flights) {
    return new DepartureBoard(flights);
  }

  /** The context of a flight on this board. */
  public FlightContext contextOf(Flight flight) {
    long scheduled = minutes(flight.scheduledDeparture());
    int from = firstAtOrAfter(scheduled - WINDOW_START_MINUTES);
    int to = firstAtOrAfter(scheduled - WINDOW_END_MINUTES);
    int departed = to - from;
    int delayed = delayedUpTo[to] - delayedUpTo[from];
    return new FlightContext(
        scheduledPerHour.getOrDefault(hourOf(flight), 0),
        departed,
        departed == 0 ? 0 : (double) delayed / departed);
  }

  private int firstAtOrAfter(long minute) {
    int at = Arrays.binarySearch(departures, minute);
    if (at < 0) {
      return -at - 1;
    }
    while (at > 0 && departures[at - 1] == minute) {
      at--;
    }
    return at;
  }

  private static LocalDateTime hourOf(Flight flight) {
    return flight.scheduledDeparture().truncatedTo(ChronoUnit.HOURS);
  }

  private static long minutes(LocalDateTime time) {
    return time.toEpochSecond(ZoneOffset.UTC) / 60;
  }
}
