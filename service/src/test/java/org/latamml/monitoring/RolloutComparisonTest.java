package org.latamml.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The verdict follows the intervals: sure when they exclude 0, "not yet known" otherwise. */
class RolloutComparisonTest {
  private static final LocalDateTime START = LocalDateTime.of(2017, 10, 1, 5, 0);
  private static final QualityWindow WINDOW = QualityWindow.between(START, START.plusDays(30));

  /** Flights with outcomes, every third delayed; scores from {@code skill} (0: noise, 1: sure). */
  private static List<PredictionOutcomes.Row> rows(int flights, double skill, long seed) {
    Random random = new Random(seed);
    List<PredictionOutcomes.Row> rows = new ArrayList<>();
    for (int i = 0; i < flights; i++) {
      boolean delayed = i % 3 == 0;
      double p = skill * (delayed ? 0.7 : 0.2) + (1 - skill) * random.nextDouble();
      rows.add(
          new PredictionOutcomes.Row(
              new FlightName("Sky Airline", Integer.toString(1000 + i), START.plusMinutes(7L * i)),
              false,
              p,
              p >= 0.5,
              LocalDateTime.of(2026, 12, 1, 12, 0),
              START.plusMinutes(7L * i + 20),
              delayed,
              null));
    }
    return rows;
  }

  @Test
  void aChallengerSurelyBetterOnTheSameFlightsIsBetterAndTheReverseWorse() {
    RolloutComparison better =
        RolloutComparison.of(
            "1.1.0", "2.0.0", WINDOW, rows(600, 0.2, 1), rows(600, 0.6, 2), MonitorBacklog.NONE);
    RolloutComparison worse =
        RolloutComparison.of(
            "1.1.0", "2.0.0", WINDOW, rows(600, 0.6, 2), rows(600, 0.2, 1), MonitorBacklog.NONE);

    assertThat(better.verdict()).isEqualTo("better");
    assertThat(better.flights()).isEqualTo(600);
    assertThat(better.rocAucDifference().low()).isPositive();
    assertThat(better.challengerRocAuc()).isGreaterThan(better.championRocAuc());
    assertThat(worse.verdict()).isEqualTo("worse");
    assertThat(worse.rocAucDifference().high()).isNegative();
  }

  @Test
  void twoVersionsAlikeAreNotYetKnownApartAndFewFlightsNeverAre() {
    RolloutComparison alike =
        RolloutComparison.of(
            "1.1.0", "2.0.0", WINDOW, rows(600, 0.4, 3), rows(600, 0.4, 4), MonitorBacklog.NONE);
    RolloutComparison few =
        RolloutComparison.of(
            "1.1.0", "2.0.0", WINDOW, rows(60, 0.2, 1), rows(60, 0.9, 2), MonitorBacklog.NONE);

    assertThat(alike.verdict()).isEqualTo("not yet known");
    assertThat(alike.rocAucDifference().low()).isNegative();
    assertThat(alike.rocAucDifference().high()).isPositive();
    assertThat(few.verdict()).isEqualTo("not yet known");
    assertThat(few.reason()).contains("60");
    assertThat(few.rocAucDifference()).isNull();
  }

  @Test
  void tooFewFlightsWhileTheMonitorHasPredictionsToReadSaysHowManyAndSinceWhen() {
    MonitorBacklog waiting = new MonitorBacklog(3_680, Instant.parse("2026-12-07T21:20:00Z"));

    RolloutComparison few =
        RolloutComparison.of("1.1.0", "2.0.0", WINDOW, rows(60, 0.2, 1), rows(60, 0.9, 2), waiting);
    RolloutComparison read =
        RolloutComparison.of(
            "1.1.0", "2.0.0", WINDOW, rows(60, 0.2, 1), rows(60, 0.9, 2), MonitorBacklog.NONE);

    assertThat(few.verdict()).isEqualTo("not yet known");
    assertThat(few.reason())
        .contains("3680 predictions logged since 2026-12-07T21:20:00Z are not yet read");
    assertThat(few.unreadPredictions()).isEqualTo(3_680);
    assertThat(few.unreadSince()).isEqualTo(Instant.parse("2026-12-07T21:20:00Z"));
    assertThat(read.reason()).doesNotContain("not yet read");
    assertThat(read.unreadSince()).isNull();
  }

  @Test
  void aChallengerThatRanksBetterButIsSurelyLessCalibratedIsNotYetKnown() {
    List<PredictionOutcomes.Row> overconfident = new ArrayList<>();
    for (PredictionOutcomes.Row row : rows(600, 0.6, 2)) {
      double p = Math.min(0.99, row.probability() + 0.45);
      overconfident.add(
          new PredictionOutcomes.Row(
              row.flight(),
              false,
              p,
              true,
              row.loggedAt(),
              row.actualDeparture(),
              row.delayed(),
              null));
    }

    RolloutComparison torn =
        RolloutComparison.of(
            "1.1.0", "2.0.0", WINDOW, rows(600, 0.2, 1), overconfident, MonitorBacklog.NONE);

    assertThat(torn.rocAucDifference().low()).isPositive();
    assertThat(torn.brierDifference().low()).isPositive();
    assertThat(torn.verdict()).isEqualTo("not yet known");
    assertThat(torn.reason()).contains("surely worse");
  }

  @Test
  void onlyFlightsBothPredictedAreCompared() {
    List<PredictionOutcomes.Row> champion = rows(600, 0.3, 5);
    List<PredictionOutcomes.Row> challenger = rows(300, 0.3, 6);

    RolloutComparison compared =
        RolloutComparison.of("1.1.0", "2.0.0", WINDOW, champion, challenger, MonitorBacklog.NONE);

    assertThat(compared.flights()).isEqualTo(300);
    assertThat(compared.delayed()).isEqualTo(100);
  }
}
