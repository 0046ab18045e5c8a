package org.latamml.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class DepartureReportTest {
  private static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");

  private static DepartureReport reportedAt(String left, String reported) {
    return new DepartureReport(
        76L, null, null, null, LocalDateTime.parse(left), LocalDateTime.parse(reported));
  }

  @Test
  void aReportFromTheFirstPassOfTheHourTheClocksGoBackIsNotInTheFuture() {
    // 2026-04-04 23:00-24:00 happens twice in Santiago; now is the second pass's 23:10 (-04:00).
    ZonedDateTime now =
        ZonedDateTime.ofStrict(
            LocalDateTime.parse("2026-04-04T23:10:00"), ZoneOffset.ofHours(-4), SANTIAGO);

    assertThat(reportedAt("2026-04-04T23:20:00", "2026-04-04T23:30:00").problems("d", now))
        .isEmpty();
  }

  @Test
  void aReportAnHourAheadIsInTheFutureAndFiveMinutesIsAFastClock() {
    ZonedDateTime now = ZonedDateTime.of(LocalDateTime.parse("2026-12-05T10:00:00"), SANTIAGO);

    assertThat(reportedAt("2026-12-05T09:00:00", "2026-12-05T11:00:00").problems("d", now))
        .singleElement()
        .satisfies(e -> assertThat(e.field()).isEqualTo("d.reported_at"));
    assertThat(reportedAt("2026-12-05T09:00:00", "2026-12-05T10:05:00").problems("d", now))
        .isEmpty();
  }
}
