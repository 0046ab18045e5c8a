package org.latamml.live;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import org.latamml.flight.LocalTimes;
import org.latamml.problem.InvalidInputProblem;

/**
 * The window a board request asks for, read from its query the same way on the event loop and in
 * {@link BoardResource}: departures and predictions are known to the minute.
 *
 * @param from the local time the window begins
 * @param hours the hours it spans
 * @param asOf the local time the predictions are made as of
 */
public record BoardWindow(LocalDateTime from, int hours, LocalDateTime asOf) {
  /** The widest window, in hours. */
  public static final int MAX_HOURS = 24;

  /** The window's hours when none are asked. */
  public static final int DEFAULT_HOURS = 3;

  /**
   * The window of {@code from}, {@code hours} and {@code asOf} as sent (null or blank: the default,
   * this minute on the {@code airport}'s clock for the times).
   *
   * @throws InvalidInputProblem naming the parameter that is not a local time or a span
   */
  public static BoardWindow of(String from, String hours, String asOf, Clock airport) {
    LocalDateTime now = LocalDateTime.now(airport).truncatedTo(ChronoUnit.MINUTES);
    return new BoardWindow(time("from", from, now), hours(hours), time("as_of", asOf, now));
  }

  /** Whether the window of these times, as sent, defaults one of them to this minute. */
  static boolean readsTheClock(String from, String asOf) {
    return isDefault(from) || isDefault(asOf);
  }

  private static boolean isDefault(String time) {
    return time == null || time.isBlank();
  }

  private static LocalDateTime time(String name, String text, LocalDateTime otherwise) {
    if (isDefault(text)) {
      return otherwise;
    }
    LocalDateTime time;
    try {
      time = LocalDateTime.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw new InvalidInputProblem(name, "must be a local time such as 2017-03-01T14:00");
    }
    if (LocalTimes.refusal(time) != null) {
      throw new InvalidInputProblem(name, LocalTimes.refusal(time));
    }
    return time.truncatedTo(ChronoUnit.MINUTES);
  }

  private static int hours(String text) {
    if (text == null || text.isBlank()) {
      return DEFAULT_HOURS;
    }
    try {
      int hours = Integer.parseInt(text.strip());
      if (hours >= 1 && hours <= MAX_HOURS) {
        return hours;
      }
    } catch (NumberFormatException e) {
      // Answered below, as any value out of range.
    }
    throw new InvalidInputProblem(
        "hours", "must be a whole number of hours from 1 to " + MAX_HOURS);
  }
}
