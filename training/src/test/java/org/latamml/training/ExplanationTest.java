package org.latamml.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latamml.artifact.DelayModel;
import org.latamml.artifact.ModelCard;
import org.latamml.artifact.ModelCards;
import org.latamml.artifact.ModelDirectory;
import org.latamml.artifact.OnnxSignature;
import org.latamml.calibration.Calibrator;
import org.latamml.calibration.IsotonicCalibration;
import org.latamml.dataset.LabelledRows;
import org.latamml.dataset.OneHotCsvReader;
import org.latamml.explanation.Contribution;
import org.latamml.explanation.Explanation;
import org.latamml.explanation.LinearExplainer;
import org.latamml.features.Feature;
import org.latamml.fixtures.SharedData;

/** A linear model's explanations add up to the log-odds its ONNX graph computes. */
class ExplanationTest {
  @TempDir Path dir;

  private static double baseAndContributions(Explanation explanation) {
    return explanation.base()
        + explanation.contributions().stream().mapToDouble(Contribution::contribution).sum();
  }

  @Test
  void contributionsAddUpToTheGraphsLogOddsAndNameTheirInputs() throws IOException {
    List<Feature> features = TrainingFixtures.richFeatures();
    LabelledRows rows = TrainingFixtures.encoded(features);
    TrainedModel model =
        LogisticRegressionTrainer.balanced().train(rows, TrainingFixtures.names(features));
    ModelDirectory models = new ModelDirectory(dir);
    Files.write(models.onnx("0.0.1"), model.toOnnx("0.0.1"));
    ModelCards.write(
        new ModelCard(
            ModelCard.FORMAT_VERSION,
            "0.0.1",
            model.algorithm(),
            Map.of(),
            "rich",
            features,
            OnnxSignature.TRAINER,
            0.5,
            null,
            model.linearTerms().orElseThrow(),
            null,
            null,
            null,
            null,
            null,
            null,
            Map.of()),
        models.card("0.0.1"));

    try (DelayModel served = DelayModel.load(models.card("0.0.1"))) {
      LinearExplainer explainer = served.explainer().orElseThrow();
      double[] probabilities = served.score(rows.features());
      for (int i = 0; i < rows.size(); i++) {
        Explanation explanation = explainer.explain(rows.features()[i], 0);
        assertThat(baseAndContributions(explanation))
            .as("row %d", i)
            .isCloseTo(explanation.logOdds(), within(1e-9));
        assertThat(Calibrator.sigmoid(explanation.logOdds()))
            .as("row %d", i)
            .isCloseTo(probabilities[i], within(1e-5));
      }
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
      Map<String, Object> parameters = served.card().calibration().parameters();
      @SuppressWarnings("unchecked")
      IsotonicCalibration isotonic =
          new IsotonicCalibration(
              ((List<Double>) parameters.get("log_odds"))
                  .stream().mapToDouble(Double::doubleValue).toArray(),
              ((List<Double>) parameters.get("probabilities"))
                  .stream().mapToDouble(Double::doubleValue).toArray());
      double[] probabilities = served.score(rows.features());
      LinearExplainer explainer = served.explainer().orElseThrow();
      for (int i = 0; i < rows.size(); i++) {
        Explanation explanation = explainer.explain(rows.features()[i], 0);
        double sum = baseAndContributions(explanation);
        assertThat(sum).as("row %d", i).isCloseTo(explanation.logOdds(), within(1e-4));
        // The graph's probability is its calibrator applied to these log-odds.
        assertThat(isotonic.probability(explanation.logOdds()))
            .as("row %d", i)
            .isCloseTo(probabilities[i], within(1e-5));
      }
    }
  }
}
