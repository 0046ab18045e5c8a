package org.latamml.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latamml.explanation.TreeTerms;
import org.latamml.features.FlightContext;
import org.latamml.fixtures.FlightFixtures;

/** Trees scored in Java: by hand on small trees, and against ONNX Runtime on the shipped ones. */
class TreeEnsembleScorerTest {
  private static final Path MODELS = Path.of(System.getProperty("latam.home", ".."), "Models");

  @TempDir Path dir;

  /** A split of {@code input} at {@code condition}; a missing input goes left when asked. */
  private static TreeTerms.Tree stump(
      int input, float condition, float below, float above, boolean missingLeft) {
    return new TreeTerms.Tree(
        new int[] {1, -1, -1},
        new int[] {2, -1, -1},
        new int[] {input, 0, 0},
        new float[] {condition, below, above},
        new int[] {missingLeft ? 1 : 0, 0, 0},
        new float[] {10, 6, 4});
  }

  /** A tree of depth 3 splitting input 0, 1 then 2 at {@code condition}, leaf k worth k · step. */
  private static TreeTerms.Tree whole(float condition, float step) {
    float[] values = new float[15];
    java.util.Arrays.fill(values, 0, 7, condition);
    for (int leaf = 0; leaf < 8; leaf++) {
      values[7 + leaf] = (leaf + 1) * step;
    }
    return new TreeTerms.Tree(
        new int[] {1, 3, 5, 7, 9, 11, 13, -1, -1, -1, -1, -1, -1, -1, -1},
        new int[] {2, 4, 6, 8, 10, 12, 14, -1, -1, -1, -1, -1, -1, -1, -1},
        new int[] {0, 1, 1, 2, 2, 2, 2, 0, 0, 0, 0, 0, 0, 0, 0},
        values,
        new int[15],
        new float[15]);
  }

  private static TreeTerms.Tree leaf(float value) {
    return new TreeTerms.Tree(
        new int[] {-1},
        new int[] {-1},
        new int[] {0},
        new float[] {value},
        new int[] {0},
        new float[] {1});
  }

  private static float logOdds(TreeTerms terms, float... row) {
    return new TreeEnsembleScorer(terms, row.length, z -> z).logOdds(row, 0);
  }

  @Test
  void logOddsAreTheBaseMarginPlusEachTreesLeaf() {
    TreeTerms terms =
        new TreeTerms(
            0.25,
            List.of(stump(0, 0.5f, -0.2f, 0.3f, true), stump(1, 10f, 1f, 2f, true), leaf(4f)));

    assertThat(logOdds(terms, 0f, 9f)).isCloseTo(0.25f - 0.2f + 1f + 4f, within(1e-6f));
    assertThat(logOdds(terms, 1f, 11f)).isCloseTo(0.25f + 0.3f + 2f + 4f, within(1e-6f));
  }

  @Test
  void anInputAtTheThresholdGoesRightAsInTheGraph() {
    TreeTerms terms = new TreeTerms(0, List.of(stump(0, 0.5f, -1f, 1f, true)));

    assertThat(logOdds(terms, 0.5f)).isEqualTo(1f);
    assertThat(logOdds(terms, Math.nextDown(0.5f))).isEqualTo(-1f);
  }

  @Test
  void aMissingInputGoesEachSplitsDefaultWay() {
    TreeTerms left = new TreeTerms(0, List.of(stump(0, 0.5f, -1f, 1f, true)));
    TreeTerms right = new TreeTerms(0, List.of(stump(0, 0.5f, -1f, 1f, false)));

    assertThat(logOdds(left, Float.NaN)).isEqualTo(-1f);
    assertThat(logOdds(right, Float.NaN)).isEqualTo(1f);
  }

  /**
   * Depth 3 on one side only, a stump and a lone leaf (the shallower ones fill their levels), and
   * three whole trees besides, so that filling the others' levels is worth it: over 3 inputs.
   */
  private static TreeTerms raggedTrees() {
    TreeTerms.Tree ragged =
        new TreeTerms.Tree(
            new int[] {1, 3, -1, 5, -1, -1, -1},
            new int[] {2, 4, -1, 6, -1, -1, -1},
            new int[] {0, 1, 0, 2, 0, 0, 0},
            new float[] {0.5f, 3f, 0.7f, -1f, 0.11f, 0.13f, 0.17f},
            new int[] {1, 0, 0, 1, 0, 0, 0},
            new float[] {10, 6, 4, 3, 3, 1, 2});
    return new TreeTerms(
        -0.5,
        List.of(
            ragged,
            stump(2, 0f, -0.25f, 0.5f, false),
            leaf(0.03f),
            whole(0.5f, 0.01f),
            whole(0.25f, 0.02f),
            whole(0.75f, 0.04f)));
  }

  @Test
  void treesScoredInputByInputSumAsTheTreesAsWritten() {
    TreeTerms terms = raggedTrees();
    TreeEnsembleScorer scorer = new TreeEnsembleScorer(terms, 3, z -> z);
    assertThat(LeafMasks.of(terms, 3)).as("the trees filed by input").isNotNull();
    var random = new java.util.SplittableRandom(7);

    for (int i = 0; i < 1_000; i++) {
      float[] row = {
        (float) random.nextDouble(-1, 2),
        (float) random.nextDouble(0, 6),
        (float) random.nextGaussian()
      };
      assertThat(scorer.logOdds(row, 0))
          .as("row %s", java.util.Arrays.toString(row))
          .isEqualTo(scorer.walk(row, 0));
    }
    assertThat(scorer.walk(new float[] {0f, 0f, -2f}, 0))
        .isCloseTo(-0.5f + 0.13f - 0.25f + 0.03f + 0.01f + 0.02f + 0.04f, within(1e-6f));
  }

  @Test
  void treesScoredInputByInputTakeTheWayTheTreesAsWrittenTakeAtEveryEdge() {
    // Each threshold, the floats just either side of it, signed zeros, the smallest and largest
    // magnitudes and the infinities (which the trees as written score): every way a split's test
    // could differ between the two ways of scoring.
    float[] thresholds = {0.5f, 3f, -1f, 0f, 0.25f, 0.75f};
    List<Float> values =
        new java.util.ArrayList<>(
            List.of(
                0f,
                -0f,
                Float.MIN_VALUE,
                -Float.MIN_VALUE,
                Float.MAX_VALUE,
                -Float.MAX_VALUE,
                Float.POSITIVE_INFINITY,
                Float.NEGATIVE_INFINITY));
    for (float threshold : thresholds) {
      values.addAll(List.of(threshold, Math.nextDown(threshold), Math.nextUp(threshold)));
    }
    TreeEnsembleScorer scorer = new TreeEnsembleScorer(raggedTrees(), 3, z -> z);
    int checked = 0;
    for (float a : values) {
      for (float b : values) {
        for (float c : values) {
          float[] row = {a, b, c};
          assertThat(scorer.logOdds(row, 0))
              .as("row %s", java.util.Arrays.toString(row))
              .isEqualTo(scorer.walk(row, 0));
          checked++;
        }
      }
    }
    assertThat(checked).isEqualTo(26 * 26 * 26);
  }

  /**
   * A tree of {@code leaves} leaves grown by splitting its last leaf again and again (so its
   * rightmost leaves lie deepest), each split on input {@code split % 3} at a threshold of its own,
   * leaf k worth k + 1 thousandths.
   */
  private static TreeTerms.Tree comb(int leaves) {
    int nodes = 2 * leaves - 1;
    int[] left = new int[nodes];
    int[] right = new int[nodes];
    int[] inputs = new int[nodes];
    float[] values = new float[nodes];
    java.util.Arrays.fill(left, -1);
    java.util.Arrays.fill(right, -1);
    for (int split = 0; split < leaves - 1; split++) {
      // Node 2k splits: its left child 2k + 1 is a leaf, its right child 2k + 2 splits next.
      int node = 2 * split;
      left[node] = node + 1;
      right[node] = node + 2;
      inputs[node] = split % 3;
      values[node] = split / (float) leaves;
    }
    int leaf = 0;
    for (int node = 0; node < nodes; node++) {
      if (left[node] == -1) {
        leaf++;
        values[node] = leaf / 1000f;
      }
    }
    return new TreeTerms.Tree(left, right, inputs, values, new int[nodes], new float[nodes]);
  }

  @Test
  void aTreeOfSixtyFourLeavesIsScoredInputByInputAsWritten() {
    TreeTerms terms = new TreeTerms(0.1, List.of(comb(64), whole(0.5f, 0.01f), comb(5)));
    assertThat(LeafMasks.of(terms, 3)).as("64 leaves: one bit each").isNotNull();
    TreeEnsembleScorer scorer = new TreeEnsembleScorer(terms, 3, z -> z);
    var random = new java.util.SplittableRandom(11);
    for (int i = 0; i < 2_000; i++) {
      float[] row = {
        (float) random.nextDouble(-0.1, 1.1),
        (float) random.nextDouble(-0.1, 1.1),
        (float) random.nextDouble(-0.1, 1.1)
      };
      assertThat(scorer.logOdds(row, 0))
          .as("row %s", java.util.Arrays.toString(row))
          .isEqualTo(scorer.walk(row, 0));
    }
    // Past every threshold: the comb's last, 64th leaf.
    assertThat(scorer.logOdds(new float[] {2f, 2f, 2f}, 0))
        .isCloseTo(0.1f + 0.064f + 0.08f + 0.005f, within(1e-6f));
  }

  @Test
  void inputsNoSplitTestsAndSplitsNoRowReachesAreSkipped() {
    // Node 0 splits input 4 into two leaves; nodes 3 to 5 hang from nothing (one with a threshold
    // that is not a number), as a tree may hold them. Inputs 1 to 3 are tested by no split.
    TreeTerms.Tree unreachable =
        new TreeTerms.Tree(
            new int[] {1, -1, -1, 4, -1, -1},
            new int[] {2, -1, -1, 5, -1, -1},
            new int[] {4, 0, 0, 2, 0, 0},
            new float[] {0.5f, 0.1f, 0.2f, Float.NaN, 0.3f, 0.4f},
            new int[6],
            new float[6]);
    TreeTerms terms =
        new TreeTerms(
            0,
            List.of(
                stump(0, 0.25f, -0.5f, 0.5f, false),
                unreachable,
                stump(4, 0.75f, 0.01f, 0.02f, false)));
    assertThat(LeafMasks.of(terms, 5)).as("the trees filed by input").isNotNull();
    TreeEnsembleScorer scorer = new TreeEnsembleScorer(terms, 5, z -> z);
    var random = new java.util.SplittableRandom(13);
    for (int i = 0; i < 1_000; i++) {
      float[] row = new float[5];
      for (int input = 0; input < row.length; input++) {
        row[input] = (float) random.nextDouble(-0.5, 1.5);
      }
      assertThat(scorer.logOdds(row, 0))
          .as("row %s", java.util.Arrays.toString(row))
          .isEqualTo(scorer.walk(row, 0));
    }
    assertThat(scorer.logOdds(new float[] {0f, 9f, 9f, 9f, 1f}, 0))
        .isCloseTo(-0.5f + 0.2f + 0.02f, within(1e-6f));
  }

  @Test
  void treesBeyondTheMasksOrWithAThresholdNotANumberAreWalked() {
    TreeTerms wide = new TreeTerms(0, List.of(comb(65)));
    TreeTerms.Tree unknown = stump(1, Float.NaN, -0.25f, 0.5f, false);
    TreeTerms notANumber = new TreeTerms(0, List.of(whole(0.5f, 0.01f), unknown));

    assertThat(LeafMasks.of(wide, 3)).as("65 leaves").isNull();
    assertThat(LeafMasks.of(notANumber, 3)).as("a threshold not a number").isNull();
    // No value is below a threshold that is not a number: the stump always goes right.
    assertThat(logOdds(notANumber, 0f, 0f, 0f)).isCloseTo(0.01f + 0.5f, within(1e-6f));
    assertThat(logOdds(wide, 2f, 2f, 2f)).isCloseTo(0.065f, within(1e-6f));
  }

  @Test
  void plattScalesTheLogOddsBeforeTheSigmoid() {
    LogOddsCalibration platt =
        LogOddsCalibration.of(calibration("platt", Map.of("slope", 0.5, "intercept", 0.1)))
            .orElseThrow();

    assertThat(platt.probability(2f)).isCloseTo(1 / (1 + Math.exp(-1.1)), within(1e-7));
  }

  @Test
  void isotonicInterpolatesBetweenItsPointsAndClipsOutsideThem() {
    LogOddsCalibration isotonic =
        LogOddsCalibration.of(
                calibration(
                    "isotonic",
                    Map.of(
                        "log_odds",
                        List.of(-1.0, 0.0, 1.0),
                        "probabilities",
                        List.of(0.1, 0.2, 0.6))))
            .orElseThrow();

    assertThat(isotonic.probability(0.5f)).isCloseTo(0.4, within(1e-7));
    assertThat(isotonic.probability(-0.5f)).isCloseTo(0.15, within(1e-7));
    assertThat(isotonic.probability(-5f)).isCloseTo(0.1, within(1e-7));
    assertThat(isotonic.probability(5f)).isCloseTo(0.6, within(1e-7));
  }

  @Test
  void noCalibrationIsASigmoidAndAnUnknownMethodIsLeftToTheGraph() {
    assertThat(LogOddsCalibration.of(null).orElseThrow().probability(0f)).isEqualTo(0.5);
    assertThat(LogOddsCalibration.of(calibration("none", Map.of())).orElseThrow().probability(0f))
        .isEqualTo(0.5);
    assertThat(LogOddsCalibration.of(calibration("beta", Map.of()))).isEmpty();
    assertThat(LogOddsCalibration.of(calibration(null, Map.of()))).isEmpty();
    assertThat(LogOddsCalibration.of(calibration("platt", Map.of("slope", 1.0)))).isEmpty();
  }

  @Test
  void theShippedBoostedTreesScoreInJavaAsOnnxRuntimeScoresThem() {
    try (DelayModel model = DelayModel.load(MODELS.resolve("Latam_flight_model.2.0.0.json"))) {
      int width = model.encoder().width();
      var flights = FlightFixtures.syntheticYear(2_000, 5);
      float[] rows = new float[flights.size() * width];
      for (int i = 0; i < flights.size(); i++) {
        model.encoder().encode(flights.get(i), FlightContext.NONE, rows, i * width);
      }

      double[] java = model.score(rows, flights.size());
      double[] graph = model.scoreByGraph(rows, flights.size());

      assertThat(model.scoredBy()).startsWith("its trees in Java");
      for (int i = 0; i < flights.size(); i++) {
        assertThat(java[i]).as("flight %d", i).isCloseTo(graph[i], within(Probe.TOLERANCE));
        assertThat(model.isDelayed(java[i]))
            .as("flight %d", i)
            .isEqualTo(model.isDelayed(graph[i]));
      }
    }
  }

  @Test
  void aCardWhoseTreesDisagreeWithItsGraphIsScoredByOnnxRuntimeAndSaysWhy() throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode card =
        (ObjectNode) json.readTree(MODELS.resolve("Latam_flight_model.2.0.0.json").toFile());
    ObjectNode first = (ObjectNode) card.path("tree_terms").path("trees").get(0);
    int leaf = 0;
    while (first.path("left_children").get(leaf).asInt() != -1) {
      leaf++;
    }
    ArrayNode values = (ArrayNode) first.path("split_conditions");
    values.set(leaf, values.get(leaf).floatValue() + 1f);
    json.writeValue(dir.resolve("Latam_flight_model.2.0.0.json").toFile(), card);
    Files.copy(
        MODELS.resolve("Latam_flight_model.2.0.0.onnx"),
        dir.resolve("Latam_flight_model.2.0.0.onnx"));

    try (DelayModel model = DelayModel.load(dir.resolve("Latam_flight_model.2.0.0.json"))) {
      float[] row = new float[model.encoder().width()];

      assertThat(model.scoredBy()).contains("disagree with its graph").contains("row ");
      assertThat(model.score(row, 1)).containsExactly(model.scoreByGraph(row, 1));
    }
  }

  private static Calibration calibration(String method, Map<String, Object> parameters) {
    return new Calibration(method, parameters, 100, 5, Map.of(), "maximum F1");
  }
}
