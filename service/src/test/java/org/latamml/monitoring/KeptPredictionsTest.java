package org.latamml.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.latamml.features.FlightContext;

/**
 * What the monitor wrote spares it the store only for a repeat within the hour, or an older one.
 */
class KeptPredictionsTest {
  private static final LocalDateTime NOON = LocalDateTime.of(2026, 12, 1, 12, 0);
  private static final PredictionOutcomes.Key KEY =
      new PredictionOutcomes.Key(
          "2.0.0",
          false,
          new FlightName("Sky Airline", "1001", LocalDateTime.of(2017, 3, 1, 9, 0)));

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
}
