package org.latamml.prediction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.latamml.explanation.Explanation;
import org.latamml.features.FlightContext;

/** A kept prediction gives back the prediction kept, its context's rates as the model's floats. */
class KeptPredictionTest {
  private static final FlightContext READ =
      new FlightContext(3, 17, 1.0 / 3, -7.0 / 3, 0.1, 2.0 / 7, 41, 0.7, 1e-3, 0.25, 0.9, 1.0, 0);

  @Test
  void givesBackEveryFieldAndTheContextAsFloats() {
    Prediction first =
        new Prediction(0.987654321012, true, "2.0.0", "no departures known", null, -5L, READ);

    Prediction again = KeptPrediction.of(first).prediction();

    assertThat(again).usingRecursiveComparison().ignoringFields("context").isEqualTo(first);
    assertThat(again.context())
        .isEqualTo(
            new FlightContext(
                3,
                17,
                (float) (1.0 / 3),
                (float) (-7.0 / 3),
                (float) 0.1,
                (float) (2.0 / 7),
                41,
                (float) 0.7,
                (float) 1e-3,
                0.25,
                (float) 0.9,
                1.0,
                0));
  }

  @Test
  void keepsAPredictionThatReadNoContextWithoutOne() {
    Prediction first = new Prediction(0.25, false, "1.1.0", null, null, 9L, null);

    assertThat(KeptPrediction.of(first).prediction()).isEqualTo(first);
  }

  @Test
  void refusesAPredictionWithAnExplanation() {
    Prediction explained =
        new Prediction(
            0.25, false, "1.1.0", null, new Explanation(0.1, -2.0, java.util.List.of()), 9L, null);

    assertThatThrownBy(() -> KeptPrediction.of(explained))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("explanation");
  }
}
