package org.latamml.drift;

import java.time.Duration;
import org.latamml.features.FlightField;

/**
 * How long a window must be before its spread of an input can be compared with the whole of
 * training. A flight's own fields follow the day (the airlines and destinations of the morning are
 * not those of the evening), the weekday the week and the month the year: an hour's flights set
 * beside a year's would show drift where there is only the time of day. What a flight reads of
 * other flights (the airport's last hours, the day's delays) follows the season, and the flights of
 * one hour or day share it: a day gives a handful of draws of it, not one per flight (on the real
 * October 2017, ordinary days gave an index of up to 5 on the day's delay rate, docs/MODEL.md).
 */
public final class InputCycles {
  /** The shortest window any input is compared over. */
  public static final Duration DAY = Duration.ofDays(1);

  private InputCycles() {}

  /** A year: the longest cycle. */
  public static final Duration YEAR = Duration.ofDays(365);

  /** The cycle of the input of that name ({@code month}, {@code weekday}, a context, any other). */
  public static Duration of(String input) {
    return switch (input) {
      case "month" -> YEAR;
      case "weekday" -> Duration.ofDays(7);
      default -> isContext(input) ? YEAR : DAY;
    };
  }

  private static boolean isContext(String input) {
    try {
      return FlightField.ofKey(input).needsContext();
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** How a reader says the cycle: "a day", "a week", "a year". */
  public static String describe(Duration cycle) {
    long days = cycle.toDays();
    return days >= 365 ? "a year" : days >= 7 ? "a week" : "a day";
  }
}
