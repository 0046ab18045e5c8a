package org.latamml.explanation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.latamml.features.Feature;
import org.latamml.features.FlightField;

/** TreeSHAP on trees small enough to work out by hand. */
class TreeExplainerTest {
  private static final List<Feature> FEATURES =
      List.of(
          Feature.oneHot(FlightField.AIRLINE, "Sky Airline"),
          Feature.oneHot(FlightField.AIRLINE, "Grupo LATAM"),
          Feature.numeric(FlightField.HOUR));

  /** A split on one input, its leaves' values and covers. */
  private static TreeTerms.Tree stump(int input, float condition, float below, float above) {
    return new TreeTerms.Tree(
        new int[] {1, -1, -1},
        new int[] {2, -1, -1},
        new int[] {input, 0, 0},
        new float[] {condition, below, above},
        new int[] {1, 0, 0},
        new float[] {10, 6, 4});
  }

  @Test
  void aStumpGivesItsInputTheLeafValueLessTheTreesExpectation() {
    // Expectation (-0.2 · 6 + 0.3 · 4) / 10 = 0; a flight of neither airline goes left: -0.2.
    TreeExplainer explainer =
        new TreeExplainer(new TreeTerms(0.5, List.of(stump(0, 0.5f, -0.2f, 0.3f))), FEATURES);

    Explanation explanation = explainer.explain(new float[] {0, 0, 9}, 0);

    assertThat(explanation.base()).isCloseTo(0.5, within(1e-7));
    assertThat(explanation.logOdds()).isCloseTo(0.3, within(1e-7));
    assertThat(explanation.contributions()).hasSize(1);
    assertThat(explanation.contributions().get(0).input()).isEqualTo("airline = other");
    assertThat(explanation.contributions().get(0).contribution()).isCloseTo(-0.2, within(1e-7));
  }

  @Test
  void aMissingHourGoesEachSplitsDefaultWay() {
    TreeTerms.Tree leftWhenMissing = stump(2, 10f, -0.2f, 0.3f);
    TreeTerms.Tree rightWhenMissing =
        new TreeTerms.Tree(
            new int[] {1, -1, -1},
            new int[] {2, -1, -1},
            new int[] {2, 0, 0},
            new float[] {10f, -0.2f, 0.3f},
            new int[] {0, 0, 0},
            new float[] {10, 6, 4});

    double[] left =
        new TreeExplainer(new TreeTerms(0, List.of(leftWhenMissing)), FEATURES)
            .contributions(new float[] {0, 0, Float.NaN}, 0);
    double[] right =
        new TreeExplainer(new TreeTerms(0, List.of(rightWhenMissing)), FEATURES)
            .contributions(new float[] {0, 0, Float.NaN}, 0);

    // Expectation 0 in both; the missing hour reaches -0.2 in one, 0.3 in the other.
    assertThat(left[2]).isCloseTo(-0.2, within(1e-7));
    assertThat(right[2]).isCloseTo(0.3, within(1e-7));
  }

  @ParameterizedTest
  @CsvSource({
    "10, 10, false",
    "9.999999, 10, true",
    "-0.0, 0, false",
    "0, -0.0, false",
    "-1, -0.5, true",
    "-0.25, -0.5, false",
    "-1e30, 1e-30, true",
    "Infinity, 3.4e38, false",
    "-Infinity, -3.4e38, true"
  })
  void aValueGoesLeftExactlyWhenItIsBelowTheCondition(
      float hour, float condition, boolean goesLeft) {
    // Expectation 0; the left leaf gives the hour -0.2, the right 0.3.
    TreeExplainer explainer =
        new TreeExplainer(new TreeTerms(0, List.of(stump(2, condition, -0.2f, 0.3f))), FEATURES);

    double[] phi = explainer.contributions(new float[] {0, 0, hour}, 0);

    assertThat(phi[2]).isCloseTo(goesLeft ? -0.2 : 0.3, within(1e-7));
  }

  @Test
  void refusesATreeThatSplitsAtNaN() {
    TreeTerms terms = new TreeTerms(0, List.of(stump(2, Float.NaN, -0.2f, 0.3f)));

    assertThatThrownBy(() -> new TreeExplainer(terms, FEATURES))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tree 0 node 0 splits at NaN");
  }

  @Test
  void twoSplitsOnOneInputGiveItTheWholeDifferenceFromTheExpectation() {
    // hour < 10 then hour < 5: leaves 1 (cover 2), 2 (cover 4), and 3 (cover 4) for hour >= 10.
    TreeTerms.Tree nested =
        new TreeTerms.Tree(
            new int[] {1, 3, -1, -1, -1},
            new int[] {2, 4, -1, -1, -1},
            new int[] {2, 2, 0, 0, 0},
            new float[] {10, 5, 3, 1, 2},
            new int[] {0, 0, 0, 0, 0},
            new float[] {10, 6, 4, 2, 4});
    TreeExplainer explainer = new TreeExplainer(new TreeTerms(0, List.of(nested)), FEATURES);

    Explanation explanation = explainer.explain(new float[] {0, 1, 7}, 0);

    // Expectation (1 · 2 + 2 · 4 + 3 · 4) / 10 = 2.2; hour 7 reaches the leaf of 2.
    assertThat(explanation.base()).isCloseTo(2.2, within(1e-6));
    assertThat(explanation.contributions()).hasSize(1);
    assertThat(explanation.contributions().get(0).input()).isEqualTo("hour = 7");
    assertThat(explanation.contributions().get(0).contribution()).isCloseTo(-0.2, within(1e-6));
  }

  @Test
  void twoInputsShareAnInteractionEqually() {
    // Sky Airline first, then hour: the flight of Sky at hour 20 reaches the leaf of 4.
    TreeTerms.Tree tree =
        new TreeTerms.Tree(
            new int[] {1, -1, 3, -1, -1},
            new int[] {2, -1, 4, -1, -1},
            new int[] {0, 0, 2, 0, 0},
            new float[] {0.5f, 0, 12, 0, 4},
            new int[] {0, 0, 0, 0, 0},
            new float[] {8, 4, 4, 2, 2});
    TreeExplainer explainer = new TreeExplainer(new TreeTerms(0, List.of(tree)), FEATURES);

    double[] phi = explainer.contributions(new float[] {1, 0, 20}, 0);

    // The expectation given what is known, by cover: nothing 1; the airline (Sky's side) 2;
    // the hour (half the rows on Sky's side, where hour 20 reaches 4) 2; both 4. Shapley values:
    // each input's gain, averaged over the two orders in which it can be learnt.
    double none = (0 * 4 + 0 * 2 + 4 * 2) / 8.0;
    double airline = (0 * 2 + 4 * 2) / 4.0;
    double hour = 0.5 * 0 + 0.5 * 4;
    double both = 4;
    assertThat(phi[0]).isCloseTo(((airline - none) + (both - hour)) / 2, within(1e-9));
    assertThat(phi[0]).isCloseTo(1.5, within(1e-9));
    assertThat(phi[2]).isCloseTo(((hour - none) + (both - airline)) / 2, within(1e-9));
    assertThat(phi[0] + phi[2]).isCloseTo(both - none, within(1e-9));
  }
}
