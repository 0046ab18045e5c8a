package org.latamml.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latamml.artifact.DelayModel;
import org.latamml.artifact.Probe;
import org.latamml.calibration.Calibrator;
import org.latamml.calibration.IsotonicCalibration;
import org.latamml.calibration.PlattScaling;
import org.latamml.calibration.Uncalibrated;
import org.latamml.dataset.LabelledRows;
import org.latamml.evaluation.Evaluator;
import org.latamml.features.Feature;
import org.latamml.features.FeatureSets;

/**
 * The ONNX file a trainer writes scores as the library that trained it, to 1e-6, and its calibrator
 * in the graph as the calibrator in Java, to 1e-5.
 */
class OnnxExportTest {
  @TempDir Path dir;

  @Test
  void logisticRegressionOnnxScoresMatchTribuo() throws IOException {
    assertOnnxMatchesLibrary(LogisticRegressionTrainer.balanced(), FeatureSets.onehot37());
  }

  @Test
  void logisticRegressionOnRichFeaturesMatchesToo() throws IOException {
    assertOnnxMatchesLibrary(LogisticRegressionTrainer.balanced(), TrainingFixtures.richFeatures());
  }

  @Test
  void boostedTreesOnnxScoresMatchXGBoost() throws IOException {
    assertOnnxMatchesLibrary(
        new XGBoostTrainer(30, 4, 0.3, "exact", 1, round -> {}), TrainingFixtures.richFeatures());
  }

  @Test
  void boostedTreesWithHistogramsMatchToo() throws IOException {
    assertOnnxMatchesLibrary(
        new XGBoostTrainer(30, 6, 0.1, "hist", 1, round -> {}), FeatureSets.onehot37());
  }

  @Test
  void plattScalingInTheGraphMatchesTheCalibratorOnTheLibrarysLogOdds() throws IOException {
    LabelledRows rows = TrainingFixtures.encoded(FeatureSets.onehot37());
    TrainedModel model =
        LogisticRegressionTrainer.balanced()
            .train(rows, TrainingFixtures.names(FeatureSets.onehot37()));
    Calibrator platt = PlattScaling.fit(model.logOdds(rows.features()), rows.labels());

    assertCalibratedOnnxMatches(model, platt, FeatureSets.onehot37(), rows);
  }

  @Test
  void isotonicRegressionInTheGraphMatchesTheCalibrator() throws IOException {
    List<Feature> features = TrainingFixtures.richFeatures();
    LabelledRows rows = TrainingFixtures.encoded(features);
    TrainedModel model =
        new XGBoostTrainer(30, 4, 0.3, "exact", 1, round -> {})
            .train(rows, TrainingFixtures.names(features));
    IsotonicCalibration isotonic =
        IsotonicCalibration.fit(model.logOdds(rows.features()), rows.labels());
    // A step function of a handful of points would leave most rows on flat stretches.
    assertThat(isotonic.logOdds().length).isGreaterThan(10);

    assertCalibratedOnnxMatches(model, isotonic, features, rows);
  }

  @Test
  void aLinearModelWithIsotonicRegressionIsServedInJavaAsItsGraphScores() throws IOException {
    // Isotonic's steep segments show the log-odds' last bit, and both sides compute it in single
    // precision: the Java sum must be the graph's, to the bit.
    List<Feature> features = TrainingFixtures.richFeatures();
    LabelledRows rows = TrainingFixtures.encoded(features);
    TrainedModel model =
        LogisticRegressionTrainer.balanced().train(rows, TrainingFixtures.names(features));
    IsotonicCalibration isotonic =
        IsotonicCalibration.fit(model.logOdds(rows.features()), rows.labels());
    assertThat(isotonic.logOdds().length).isGreaterThan(10);
    Path card = TrainingFixtures.save(dir, model, features, isotonic);

    try (DelayModel served = DelayModel.load(card)) {
      assertThat(served.scoredBy()).startsWith("its weights in Java");
      assertThat(served.score(rows.features()))
          .containsExactly(served.scoreByGraph(rows.features()));
    }
  }

  private void assertCalibratedOnnxMatches(
      TrainedModel model, Calibrator calibrator, List<Feature> features, LabelledRows rows)
      throws IOException {
    Path card = TrainingFixtures.save(dir, model, features, calibrator);
    double[] expected = calibrator.probabilities(model.logOdds(rows.features()));
    double[] onnx;
    try (DelayModel served = DelayModel.load(card)) {
      onnx = served.scoreByGraph(rows.features());
      assertServedAsTheGraphScores(served, rows, onnx);
    }
    for (int i = 0; i < onnx.length; i++) {
      assertThat(onnx[i]).as("row %d", i).isCloseTo(expected[i], within(1e-5));
    }
    // Calibrated is not the same as uncalibrated: the calibrator must have changed something.
    double[] raw = model.score(rows.features());
    assertThat(
            java.util.stream.IntStream.range(0, raw.length)
                .filter(i -> Math.abs(raw[i] - onnx[i]) > 1e-3))
        .isNotEmpty();
  }

  /**
   * What the service scores with gives the graph's probabilities: boosted trees and linear models
   * in Java (with any calibration), from their cards' trees and weights.
   */
  private static void assertServedAsTheGraphScores(
      DelayModel served, LabelledRows rows, double[] graph) {
    assertThat(served.scoredBy())
        .startsWith(
            served.card().algorithm().equals("xgboost")
                ? "its trees in Java"
                : "its weights in Java");
    double[] scored = served.score(rows.features());
    for (int i = 0; i < graph.length; i++) {
      assertThat(scored[i]).as("row %d", i).isCloseTo(graph[i], within(Probe.TOLERANCE));
    }
  }

  private void assertOnnxMatchesLibrary(Trainer trainer, List<Feature> features)
      throws IOException {
    LabelledRows rows = TrainingFixtures.encoded(features);
    TrainedModel model = trainer.train(rows, TrainingFixtures.names(features));
    Path card = TrainingFixtures.save(dir, model, features, new Uncalibrated());

    double[] library = model.score(rows.features());
    double[] onnx;
    try (DelayModel served = DelayModel.load(card)) {
      onnx = served.scoreByGraph(rows.features());
      assertServedAsTheGraphScores(served, rows, onnx);
    }

    assertThat(onnx).hasSameSizeAs(library);
    for (int i = 0; i < onnx.length; i++) {
      assertThat(onnx[i]).as("row %d", i).isCloseTo(library[i], within(1e-6));
    }
    // The scores must carry signal, or matching them proves little.
    assertThat(Evaluator.evaluate(rows.labels(), library, 0.5).rocAuc()).isGreaterThan(0.6);
  }
}
