package org.latamml.monitoring;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.latamml.flight.LocalTimes;
import org.latamml.problem.InvalidInputProblem;

/**
 * The flights a quality figure covers: those scheduled at or after {@code from} and before {@code
 * to}, local times.
 *
 * @param name how it was asked: {@code 24h}, {@code 7d}, or {@code from/to} for a range
 * @param from the first scheduled time covered
 * @param to the first scheduled time past it
 */
public record QualityWindow(String name, LocalDateTime from, LocalDateTime to) {
  /** A window's text: hours or days. */
  static final String LAST_PATTERN = "^([1-9][0-9]*)([hd])$";

  private static final Pattern LAST = Pattern.compile(LAST_PATTERN);
  // More digits than this is past a year whatever the unit (366 days are 8,784 hours).
  private static final int MOST_DIGITS = 5;

  /** The longest window: a year of flights. */
  static final Duration LONGEST = Duration.ofDays(366);

  /** The windows every instance publishes as gauges, the widest last. */
  static final java.util.List<String> PUBLISHED = java.util.List.of("1h", "24h", "7d");

  /** Whether a flight scheduled at {@code scheduled} is one of the window's. */
  boolean holds(LocalDateTime scheduled) {
    return !scheduled.isBefore(from) && scheduled.isBefore(to);
  }

  /**
   * The window a request asks for: {@code window} ({@code otherwise} when absent) up to the
   * airport's now, or {@code from} and {@code to}.
   *
   * @throws InvalidInputProblem naming the parameter that cannot be read
   */
  static QualityWindow asked(
      String window, String from, String to, String otherwise, AirportClock clock) {
    boolean range = present(from) || present(to);
    if (range && present(window)) {
      throw new InvalidInputProblem("window", "give either window, or from and to, not both");
    }
    if (!range) {
      try {
        return last(present(window) ? window.strip() : otherwise, clock.now());
      } catch (IllegalArgumentException e) {
        throw new InvalidInputProblem("window", e.getMessage());
      }
    }
    LocalDateTime start = time("from", from);
    LocalDateTime end = time("to", to);
    try {
      return between(start, end);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputProblem("to", e.getMessage());
    }
  }

  private static boolean present(String text) {
    return text != null && !text.isBlank();
  }

  private static LocalDateTime time(String name, String text) {
    if (!present(text)) {
      throw new InvalidInputProblem(
          name, "is required with a range: a local time or date such as 2017-10-01");
    }
    LocalDateTime time;
    try {
      time = LocalTimes.parseDateOrTime(text);
    } catch (DateTimeParseException e) {
      throw new InvalidInputProblem(
          name, "must be a local time or date such as 2017-10-01T06:00 or 2017-10-01");
    }
    if (LocalTimes.refusal(time) != null) {
      throw new InvalidInputProblem(name, LocalTimes.refusal(time));
    }
    return time;
  }

  /**
   * The window {@code name} ({@code 1h}, {@code 24h}, {@code 7d}...) up to {@code now}.
   *
   * @throws IllegalArgumentException when the name is not a number of hours or days within a year
   */
  static QualityWindow last(String name, LocalDateTime now) {
    Matcher m = LAST.matcher(name);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "must be a number of hours or days, such as 1h, 24h or 7d");
    }
    if (m.group(1).length() > MOST_DIGITS) {
      throw new IllegalArgumentException("must be at most 366d");
    }
    long amount = Long.parseLong(m.group(1));
    Duration length = m.group(2).equals("h") ? Duration.ofHours(amount) : Duration.ofDays(amount);
    if (length.compareTo(LONGEST) > 0) {
      throw new IllegalArgumentException("must be at most 366d");
    }
    return new QualityWindow(name, now.minus(length), now);
  }

  /**
   * The flights scheduled in [from, to).
   *
   * @throws IllegalArgumentException when {@code to} is not after {@code from} or they are more
   *     than a year apart
   */
  static QualityWindow between(LocalDateTime from, LocalDateTime to) {
    if (!to.isAfter(from)) {
      throw new IllegalArgumentException("must be after from");
    }
    if (Duration.between(from, to).compareTo(LONGEST) > 0) {
      throw new IllegalArgumentException("'from' and 'to' must be at most 366 days apart");
    }
    return new QualityWindow("from/to", from, to);
  }
}
