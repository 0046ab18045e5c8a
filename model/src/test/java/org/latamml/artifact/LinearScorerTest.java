package org.latamml.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latamml.explanation.LinearTerms;

/**
 * Linear models scored in Java: by hand on small terms, and against ONNX Runtime on the shipped.
 */
class LinearScorerTest {
  private static final Path MODELS = Path.of(System.getProperty("latam.home", ".."), "Models");

  @TempDir Path dir;

  private static LinearScorer scorer(double bias, List<Double> weights) {
    return new LinearScorer(
        new LinearTerms(bias, weights), weights.size(), LogOddsCalibration.of(null).orElseThrow());
  }

  @Test
  void logOddsAreTheBiasPlusEachInputTimesItsWeight() {
    LinearScorer scorer = scorer(0.125, List.of(0.5, -0.25, 2.0));

    assertThat(scorer.logOdds(new float[] {1, 0, 1}, 0)).isEqualTo(2.625f);
    assertThat(scorer.logOdds(new float[] {9, 9, 0, 1, 4}, 2)).isEqualTo(0.125f - 0.25f + 8f);
    assertThat(scorer.probabilities(new float[] {0, 0, 0, 1, 0, 1}, 2))
        .containsExactly(
            (float) (1 / (1 + Math.exp(-0.125))), (float) (1 / (1 + Math.exp(-2.625))));
  }

  @Test
  void eachInputIsFusedIntoTheSumInTheRowsOrder() {
    // 1.3f · 0.9f rounds: a sum of rounded products, or the same fused in another order, differs.
    LinearScorer scorer = scorer(0, List.of(0.9, 0.9));
    float inOrder = Math.fma(1.3f, 0.9f, Math.fma(0.1f, 0.9f, 0f));

    assertThat(scorer.logOdds(new float[] {0.1f, 1.3f}, 0))
        .isEqualTo(inOrder)
        .isNotEqualTo(Math.fma(0.1f, 0.9f, Math.fma(1.3f, 0.9f, 0f)))
        .isNotEqualTo(0.1f * 0.9f + 1.3f * 0.9f);
  }

  @Test
  void theBiasIsAddedAfterTheSumAsTheGraphsAdd() {
    LinearScorer scorer = scorer(0.1, List.of(0.3));
    float sumThenBias = Math.fma(0.1f, 0.3f, 0f) + 0.1f;

    assertThat(scorer.logOdds(new float[] {0.1f}, 0))
        .isEqualTo(sumThenBias)
        .isNotEqualTo(Math.fma(0.1f, 0.3f, 0.1f));
  }

  @Test
  void refusesMoreInputsThanOnnxRuntimeSumsInOneRun() {
    List<Double> weights = java.util.Collections.nCopies(LinearScorer.MAX_WIDTH + 1, 0.5);

    assertThatThrownBy(() -> scorer(0, weights))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("257 inputs");
    assertThat(scorer(0, weights.subList(0, LinearScorer.MAX_WIDTH)).width())
        .isEqualTo(LinearScorer.MAX_WIDTH);
  }

  @Test
  void refusesWeightsOfAnotherWidth() {
    assertThatThrownBy(() ->
            new LinearScorer(
                new LinearTerms(0, List.of(1.0, 2.0)),
                3,
                LogOddsCalibration.of(null).orElseThrow()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 weights for rows of 3 inputs");
  }

  @Test
  void theShippedLinearModelScoresInJavaAsOnnxRuntimeScoresIt() {
    try (DelayModel model = DelayModel.load(MODELS.resolve("Latam_flight_model.1.1.0.json"))) {
      int width = model.encoder().width();
      int count = 4_000;
      float[] rows = new float[count * width];
      SplittableRandom random = new SplittableRandom(7);
      for (int r = 0; r < count; r++) {
        for (int i = 0; i < width; i++) {
          // Half the rows as the encoder makes them (a few inputs at 1), half of any values.
          rows[r * width + i] =
              r % 2 == 0
                  ? (random.nextInt(8) == 0 ? 1f : 0f)
                  : (float) (random.nextDouble() * 3 - 1.5);
        }
      }

      assertThat(model.scoredBy()).startsWith("its weights in Java");
      // Its isotonic calibration is single-precision arithmetic the graph does alike: the same
      // sum gives the same probability, to the bit, in a batch or a row at a time.
      assertThat(model.score(rows, count)).containsExactly(model.scoreByGraph(rows, count));
      for (int r = 0; r < 200; r++) {
        float[] row = java.util.Arrays.copyOfRange(rows, r * width, (r + 1) * width);
        assertThat(model.score(row, 1)).as("row %d", r).containsExactly(model.scoreByGraph(row, 1));
      }
    }
  }

  @Test
  void aLinearCardWithoutWeightsIsScoredByOnnxRuntime() {
    // The prototype's model: its card was written before cards held their weights.
    try (DelayModel model = DelayModel.load(MODELS.resolve("Latam_flight_model.1.0.0.json"))) {
      assertThat(model.card().linearTerms()).isNull();
      assertThat(model.scoredBy()).isEqualTo("ONNX Runtime");
    }
  }

  @Test
  void aCardWhoseWeightsDisagreeWithItsGraphIsScoredByOnnxRuntimeAndSaysWhy() throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode card =
        (ObjectNode) json.readTree(MODELS.resolve("Latam_flight_model.1.1.0.json").toFile());
    ArrayNode weights = (ArrayNode) card.path("linear_terms").path("weights");
    weights.set(0, weights.get(0).doubleValue() + 0.5);
    json.writeValue(dir.resolve("Latam_flight_model.1.1.0.json").toFile(), card);
    Files.copy(
        MODELS.resolve("Latam_flight_model.1.1.0.onnx"),
        dir.resolve("Latam_flight_model.1.1.0.onnx"));

    try (DelayModel model = DelayModel.load(dir.resolve("Latam_flight_model.1.1.0.json"))) {
      float[] row = new float[model.encoder().width()];
      row[0] = 1f;

      assertThat(model.scoredBy()).contains("weights disagree with its graph").contains("row ");
      assertThat(model.score(row, 1)).containsExactly(model.scoreByGraph(row, 1));
    }
  }
}
