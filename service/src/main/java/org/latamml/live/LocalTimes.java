package org.latamml.live;

import java.time.LocalDateTime;

/**
 * The local times the live routes take: years 1990 to 2099. Outside them a time is a typo (a year
 * 2205 would move the board's current day for good) or beyond what the store's partitions and date
 * arithmetic take.
 */
final class LocalTimes {
  static final LocalDateTime EARLIEST = LocalDateTime.of(1990, 1, 1, 0, 0);
  static final LocalDateTime LATEST = LocalDateTime.of(2100, 1, 1, 0, 0);

  private LocalTimes() {}

  /** Why the time is refused, or null when it is taken. */
  static String refusal(LocalDateTime time) {
    return time.isBefore(EARLIEST) || !time.isBefore(LATEST)
        ? "must be a local time in the years 1990 to 2099"
        : null;
  }
}
