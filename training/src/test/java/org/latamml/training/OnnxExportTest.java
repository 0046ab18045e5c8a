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
import org.latamml.dataset.LabelledRows;
import org.latamml.evaluation.Evaluator;
import org.latamml.features.Feature;
import org.latamml.features.FeatureSets;

/** The ONNX file a trainer writes scores as the library that trained it, to 1e-6. */
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

  private void assertOnnxMatchesLibrary(Trainer trainer, List<Feature> features)
      throws IOException {
    LabelledRows rows = TrainingFixtures.encoded(features);
    TrainedModel model = trainer.train(rows, TrainingFixtures.names(features));
    Path card = save(model, features);

    double[] library = model.score(rows.features());
    double[] onnx;
    try (DelayModel served = DelayModel.load(card)) {
      onnx = served.score(rows.features());
    }

    assertThat(onnx).hasSameSizeAs(library);
    for (int i = 0; i < onnx.length; i++) {
      assertThat(onnx[i]).as("row %d", i).isCloseTo(library[i], within(1e-6));
    }
    // The scores must carry signal, or matching them proves little.
    assertThat(Evaluator.evaluate(rows.labels(), library, 0.5).rocAuc()).isGreaterThan(0.6);
  }

  private Path save(TrainedModel model, List<Feature> features) throws IOException {
    ModelDirectory models = new ModelDirectory(dir);
    Files.write(models.onnx("0.0.1"), model.toOnnx("0.0.1"));
    ModelCard card =
        new ModelCard(
            ModelCard.FORMAT_VERSION,
            "0.0.1",
            model.algorithm(),
            model.settings(),
            "test",
            features,
            OnnxSignature.TRAINER,
            0.5,
            null,
            null,
            null,
            Map.of());
    ModelCards.write(card, models.card("0.0.1"));
    return models.card("0.0.1");
  }
}
