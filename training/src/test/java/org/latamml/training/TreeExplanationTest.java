package org.latamml.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.latamml.artifact.DelayModel;
import org.latamml.artifact.ModelDirectory;
import org.latamml.calibration.Calibrator;
import org.latamml.calibration.Uncalibrated;
import org.latamml.dataset.LabelledRows;
import org.latamml.explanation.Contribution;
import org.latamml.explanation.Explainer;
import org.latamml.explanation.Explanation;
import org.latamml.explanation.TreeExplainer;
import org.latamml.explanation.TreeTerms;
import org.latamml.features.DepartureBoard;
import org.latamml.features.Feature;
import org.latamml.features.FeatureEncoder;
import org.latamml.features.FeatureSets;
import org.latamml.fixtures.SharedData;
import org.latamml.flight.Flight;
import org.latamml.flight.RawFlightReader;

/**
 * Boosted trees are explained by TreeSHAP from the trees their card keeps: each input's value is
 * XGBoost4J's own {@code pred_contribs} for the same model, and they add up to the graph's
 * log-odds.
 */
class TreeExplanationTest {
  @TempDir Path dir;

  /** XGBoost4J's TreeSHAP of each row: one column per input, then the bias. */
  private static float[][] xgboostContributions(TrainedModel model, float[][] rows, int width)
      throws XGBoostError {
    float[] flat = new float[rows.length * width];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, flat, i * width, width);
    }
    DMatrix matrix = new DMatrix(flat, rows.length, width, Float.NaN);
    try {
      return ((XGBoostTrainer.Model) model).booster().predictContrib(matrix, 0);
    } finally {
      matrix.dispose();
    }
  }

  /** Checks each row's values against XGBoost's; returns each row's base plus values. */
  private static double[] assertAgreesWithXGBoost(
      TreeExplainer explainer, float[][] ours, float[][] theirs, int width) {
    double[] sums = new double[ours.length];
    for (int i = 0; i < ours.length; i++) {
      double[] values = explainer.contributions(ours[i], 0);
      sums[i] = explainer.base();
      for (int j = 0; j < width; j++) {
        assertThat(values[j]).as("row %d input %d", i, j).isCloseTo(theirs[i][j], within(1e-5));
        sums[i] += values[j];
      }
      assertThat(explainer.base()).as("row %d bias", i).isCloseTo(theirs[i][width], within(1e-5));
    }
    return sums;
  }

  private static int depthOf(TreeTerms.Tree tree, int node) {
    return tree.leftChildren()[node] == -1
        ? 0
        : 1
            + Math.max(
                depthOf(tree, tree.leftChildren()[node]),
                depthOf(tree, tree.rightChildren()[node]));
  }

  /**
   * Depths 5 and 6 are explained from subtree tables (6: leaves alone, indexed by all six splits
   * above them), depth 7 by walking the paths.
   */
  @ParameterizedTest
  @ValueSource(ints = {5, 6, 7})
  void treeShapOfTheCardsTreesIsXGBoostsOwnAndAddsUpToTheGraphsLogOdds(int depth)
      throws IOException, XGBoostError {
    List<Feature> features = TrainingFixtures.richFeatures();
    LabelledRows rows = TrainingFixtures.encoded(features);
    TrainedModel model =
        new XGBoostTrainer(60, depth, 0.1, "exact", 1, round -> {})
            .train(rows, TrainingFixtures.names(features));
    float[][] theirs = xgboostContributions(model, rows.features(), rows.width());
    int deepest =
        model.treeTerms().orElseThrow().trees().stream()
            .mapToInt(tree -> depthOf(tree, 0))
            .max()
            .orElseThrow();
    assertThat(deepest).isEqualTo(depth);

    try (DelayModel served =
        DelayModel.load(TrainingFixtures.save(dir, model, features, new Uncalibrated()))) {
      Explainer explainer = Explanations.assertExplainsEveryRow(served, rows.features());
      assertThat(explainer).isInstanceOf(TreeExplainer.class);
      assertAgreesWithXGBoost((TreeExplainer) explainer, rows.features(), theirs, rows.width());
      List<String> inputs =
          explainer.explain(rows.features()[0], 0).contributions().stream()
              .map(Contribution::input)
              .toList();
      // One-hot columns of a field are one input, named by the flight's value.
      assertThat(inputs.stream().filter(name -> name.startsWith("airline = ")).count())
          .isEqualTo(1);
      assertThat(inputs).anyMatch(name -> name.matches("hour = \\d+"));
    }
  }

  @Test
  void aCardWhoseTreeTestsAMissingInputIsRefused() {
    TreeTerms.Tree stump =
        new TreeTerms.Tree(
            new int[] {1, -1, -1},
            new int[] {2, -1, -1},
            new int[] {5, 0, 0},
            new float[] {0.5f, -0.1f, 0.2f},
            new int[] {1, 0, 0},
            new float[] {10, 6, 4});
    assertThat(
            org.assertj.core.api.Assertions.catchThrowable(() ->
                new TreeExplainer(
                    new TreeTerms(0, List.of(stump)),
                    TrainingFixtures.richFeatures().subList(0, 3))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tests input 5 of 3");
  }

  @Test
  void theShippedBoostedModelIsExplainedAsItsGraphScores() throws IOException {
    List<Flight> flights = new RawFlightReader().readAll(SharedData.require("raw/dataset_SCL.csv"));
    Path card =
        new ModelDirectory(Path.of(System.getProperty("latam.home", ".."), "Models")).card("2.0.0");
    try (DelayModel served = DelayModel.load(card)) {
      Calibrator calibrator = CardCalibrators.of(served.card());
      Explainer explainer = served.explainer().orElseThrow();
      DepartureBoard board = DepartureBoard.of(flights);
      // Every 30th flight of the year: 2,274 flights over every month.
      List<Flight> sample =
          java.util.stream.IntStream.range(0, flights.size() / 30)
              .mapToObj(i -> flights.get(i * 30))
              .toList();
      float[][] rows = served.encoder().encodeAll(sample, board);
      double[] probabilities = served.score(rows);
      for (int i = 0; i < rows.length; i++) {
        Explanation explanation = explainer.explain(rows[i], 0);
        assertThat(Explanations.baseAndContributions(explanation))
            .as("flight %d", i * 30)
            .isCloseTo(explanation.logOdds(), within(1e-4));
        // The graph's probability is the card's calibrator applied to log-odds within 1e-4 of
        // these: ONNX Runtime sums the 1,500 leaves in float32 (about 5e-6 apart), and where a
        // calibrator is steep (an isotonic one's slope reached 25) that moves it by 1e-4.
        double logOdds = explanation.logOdds();
        assertThat(probabilities[i])
            .as("flight %d", i * 30)
            .isBetween(
                calibrator.probability(logOdds - 1e-4) - 1e-6,
                calibrator.probability(logOdds + 1e-4) + 1e-6);
      }
    }
  }

  /** The real year, the rich model at its shipped settings: 1,500 trees of depth 3. */
  @Test
  void treeShapAgreesWithXGBoostOnTenThousandRealFlights() throws IOException, XGBoostError {
    List<Flight> flights = new RawFlightReader().readAll(SharedData.require("raw/dataset_SCL.csv"));
    List<Feature> features = FeatureSets.rich(flights);
    LabelledRows all =
        TrainingJob.encode(new FeatureEncoder(features), DepartureBoard.of(flights), flights);
    int trained = all.size() - 10_000;
    LabelledRows train =
        new LabelledRows(
            Arrays.copyOfRange(all.features(), 0, trained),
            Arrays.copyOfRange(all.labels(), 0, trained));
    float[][] explained = Arrays.copyOfRange(all.features(), trained, all.size());
    TrainedModel model =
        new XGBoostTrainer(1_500, 3, 0.03, "hist", 1, round -> {})
            .train(train, TrainingFixtures.names(features));
    TreeExplainer explainer = new TreeExplainer(model.treeTerms().orElseThrow(), features);

    double[] sums =
        assertAgreesWithXGBoost(
            explainer, explained, xgboostContributions(model, explained, all.width()), all.width());
    double[] logOdds = model.logOdds(explained);
    for (int i = 0; i < explained.length; i++) {
      assertThat(sums[i]).as("flight %d", trained + i).isCloseTo(logOdds[i], within(1e-4));
    }
  }
}
