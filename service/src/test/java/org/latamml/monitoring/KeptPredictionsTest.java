package org.latamml.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.latamml.features.FlightContext;

/**
 * What the monitor wrote spares it the store only for a repeat within the hour, or an older one.
 */
// A table that never grew would probe for a free slot for ever: failed, not hung.
@Timeout(10)
class KeptPredictionsTest {
  private static final LocalDateTime NOON = LocalDateTime.of(2026, 12, 1, 12, 0);
  private static final PredictionOutcomes.Key KEY = key(1001);

  private static PredictionOutcomes.Key key(int flightNumber) {
    return new PredictionOutcomes.Key(
        "2.0.0",
        false,
        new FlightName(
            "Sky Airline", String.valueOf(flightNumber), LocalDateTime.of(2017, 3, 1, 9, 0)));
  }

  private static PredictionOutcomes.Latest prediction(
      double probability, float delayRateToday, int minutesAfterNoon) {
    return new PredictionOutcomes.Latest(
        probability,
        probability >= 0.5,
        NOON.plusMinutes(minutesAfterNoon),
        new PredictionOutcomes.Inputs(
            "SKU",
            "SCFA",
            "N",
            new FlightContext(4, 6, 0.5, 12.5, delayRateToday, 0, 3, 0.5, 7.5, 0.25, 0.5, 0, 1)));
  }

  private static KeptPredictions wrote(PredictionOutcomes.Latest latest) {
    KeptPredictions kept = new KeptPredictions(10);
    kept.wrote(List.of(new PredictionOutcomes.Kept(KEY, latest)));
    return kept;
  }

  @Test
  void sparesTheSamePredictionWithinTheHourAndAnOlderOne() {
    KeptPredictions kept = wrote(prediction(0.3, 0.25f, 0));

    assertThat(kept.unchanged(KEY, prediction(0.3, 0.25f, 59))).isTrue();
    assertThat(kept.unchanged(KEY, prediction(0.9, 0.75f, -5))).isTrue();
  }

  @Test
  void writesAnotherPredictionAnotherInputOrTheSameOneAnHourOn() {
    KeptPredictions kept = wrote(prediction(0.3, 0.25f, 0));

    assertThat(kept.unchanged(KEY, prediction(0.31, 0.25f, 1))).isFalse();
    assertThat(kept.unchanged(KEY, prediction(0.3, 0.5f, 1))).isFalse();
    assertThat(kept.unchanged(KEY, prediction(0.3, 0.25f, 60))).isFalse();
  }

  @Test
  void knowsNothingOfAnotherFlightOrAfterForgetting() {
    KeptPredictions kept = wrote(prediction(0.3, 0.25f, 0));
    PredictionOutcomes.Key shadow = new PredictionOutcomes.Key("2.0.0", true, KEY.flight());

    assertThat(kept.unchanged(shadow, prediction(0.3, 0.25f, 1))).isFalse();
    kept.forget();
    assertThat(kept.unchanged(KEY, prediction(0.3, 0.25f, 1))).isFalse();
  }

  @Test
  void keepsEachOfManyRowsWithItsOwnPrediction() {
    KeptPredictions kept = new KeptPredictions(100_000);
    for (int n = 0; n < 5_000; n++) {
      kept.wrote(List.of(new PredictionOutcomes.Kept(key(n), prediction(n / 10_000.0, 0.25f, 0))));
    }

    for (int n = 0; n < 5_000; n++) {
      assertThat(kept.knows(key(n))).isTrue();
      assertThat(kept.unchanged(key(n), prediction(n / 10_000.0, 0.25f, 1))).isTrue();
      assertThat(kept.unchanged(key(n), prediction((n + 1) / 10_000.0, 0.25f, 1))).isFalse();
    }
    assertThat(kept.knows(key(5_000))).isFalse();
  }

  @Test
  void forgetsEveryRowOnceFullAndKeepsTheNext() {
    KeptPredictions kept = new KeptPredictions(3);
    for (int n = 0; n < 3; n++) {
      kept.wrote(List.of(new PredictionOutcomes.Kept(key(n), prediction(0.3, 0.25f, 0))));
    }
    assertThat(kept.knows(key(0))).isTrue();

    kept.wrote(List.of(new PredictionOutcomes.Kept(key(3), prediction(0.3, 0.25f, 0))));

    assertThat(kept.knows(key(3))).isTrue();
    assertThat(List.of(key(0), key(1), key(2))).noneMatch(kept::knows);
  }

  @Test
  void rewritingARowReplacesItsPredictionWithoutTakingAnotherPlace() {
    KeptPredictions kept = new KeptPredictions(3);
    kept.wrote(List.of(new PredictionOutcomes.Kept(key(0), prediction(0.3, 0.25f, 0))));
    kept.wrote(List.of(new PredictionOutcomes.Kept(key(1), prediction(0.3, 0.25f, 0))));

    kept.wrote(List.of(new PredictionOutcomes.Kept(key(0), prediction(0.7, 0.25f, 5))));
    kept.wrote(List.of(new PredictionOutcomes.Kept(key(2), prediction(0.3, 0.25f, 0))));

    assertThat(List.of(key(0), key(1), key(2))).allMatch(kept::knows);
    assertThat(kept.unchanged(key(0), prediction(0.7, 0.25f, 6))).isTrue();
    assertThat(kept.unchanged(key(0), prediction(0.3, 0.25f, 6))).isFalse();
  }
}
