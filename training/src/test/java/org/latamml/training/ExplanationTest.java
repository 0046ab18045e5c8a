package org.latamml.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latamml.artifact.DelayModel;
import org.latamml.artifact.ModelDirectory;
import org.latamml.calibration.Calibrator;
import org.latamml.calibration.Uncalibrated;
import org.latamml.dataset.LabelledRows;
import org.latamml.dataset.OneHotCsvReader;
import org.latamml.explanation.Contribution;
import org.latamml.explanation.Explainer;
import org.latamml.explanation.Explanation;
import org.latamml.features.Feature;
import org.latamml.fixtures.SharedData;

/** A linear model's explanations add up to the log-odds its ONNX graph computes. */
class ExplanationTest {
  @TempDir Path dir;

  @Test
  void contributionsAddUpToTheGraphsLogOddsAndNameTheirInputs() throws IOException {
    List<Feature> features = TrainingFixtures.richFeatures();
    LabelledRows rows = TrainingFixtures.encoded(features);
    TrainedModel model =
        LogisticRegressionTrainer.balanced().train(rows, TrainingFixtures.names(features));
    Path card = TrainingFixtures.save(dir, model, features, new Uncalibrated());

    try (DelayModel served = DelayModel.load(card)) {
      Explainer explainer = Explanations.assertExplainsEveryRow(served, rows.features());
      List<String> inputs =
          explainer.explain(rows.features()[0], 0).contributions().stream()
              .map(Contribution::input)
              .toList();
      assertThat(inputs).anyMatch(name -> name.startsWith("airline = "));
      assertThat(inputs).anyMatch(name -> name.matches("month = \\d+"));
    }
  }

  @Test
  void theServedCalibratedModelIsExplainedForEveryFlightOfTheTestSplit() throws IOException {
    Path seed = SharedData.require("seed/x_test.csv").getParent();
    Path card =
        new ModelDirectory(Path.of(System.getProperty("latam.home", ".."), "Models")).card("1.1.0");
    try (DelayModel served = DelayModel.load(card)) {
      LabelledRows rows =
          new OneHotCsvReader().read(seed.resolve("x_test.csv"), seed.resolve("y_test.csv"), 37);
      Calibrator calibrator = CardCalibrators.of(served.card());
      double[] probabilities = served.score(rows.features());
      Explainer explainer = served.explainer().orElseThrow();
      for (int i = 0; i < rows.size(); i++) {
        Explanation explanation = explainer.explain(rows.features()[i], 0);
        double sum = Explanations.baseAndContributions(explanation);
        assertThat(sum).as("row %d", i).isCloseTo(explanation.logOdds(), within(1e-4));
        // The graph's probability is its calibrator applied to these log-odds.
        assertThat(calibrator.probability(explanation.logOdds()))
            .as("row %d", i)
            .isCloseTo(probabilities[i], within(1e-5));
      }
    }
  }
}
