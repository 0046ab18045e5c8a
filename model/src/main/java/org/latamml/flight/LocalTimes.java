package org.latamml.flight;

import java.time.LocalDateTime;

/**
 * The local times the service takes for a flight: years 1990 to 2099. Outside them a time is a typo
 * (a year 2205 would move the board's current day for good) or beyond what the store's partitions
 * and date arithmetic take.
 */
public final class LocalTimes {
  /** The earliest time taken. */
  public static final LocalDateTime EARLIEST = LocalDateTime.of(1990, 1, 1, 0, 0);

  /** The first time past those taken. */
  public static final LocalDateTime LATEST = LocalDateTime.of(2100, 1, 1, 0, 0);

  private LocalTimes() {}

  /**
   * A date (its midnight) or a local time, as people give a period: {@code 2017-03-01} or {@code
   * 2017-03-01T06:00}.
   *
   * @throws java.time.format.DateTimeParseException when it is neither
   */
  public static LocalDateTime parseDateOrTime(String text) {
    String given = text.strip();
    return given.length() == 10
        ? java.time.LocalDate.parse(given).atStartOfDay()
        : LocalDateTime.parse(given);
  }

  /** Why the time is refused, or null when it is taken. */
  public static String refusal(LocalDateTime time) {
    return time.isBefore(EARLIEST) || !time.isBefore(LATEST)
        ? "must be a local time in the years 1990 to 2099"
        : null;
  }
}
