package org.latamml.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.latamml.artifact.ModelCard;
import org.latamml.artifact.ModelCards;
import org.latamml.artifact.ModelDirectory;
import org.latamml.evaluation.Evaluation;
import org.latamml.fixtures.SharedData;

/**
 * On the prototype's seed split, our trainers reproduce the notebook's results, and the shipped
 * model 1.0.0 is exactly what the trainer makes. Skipped where ../shared/data is absent.
 */
class NotebookReproductionTest {
  private static final List<List<Long>> NOTEBOOK_LOGREG =
      List.of(List.of(10_958L, 7_445L), List.of(1_477L, 2_628L));

  private static TrainingJob.Result trainOnSeed(Trainer trainer) throws IOException {
    Path seed = SharedData.require("seed/x_train.csv").getParent();
    return new TrainingJob(Progress.NONE)
        .run(
            new TrainingSpec(
                trainer,
                "onehot37",
                DataFormat.ONEHOT,
                seed.resolve("x_train.csv"),
                seed.resolve("y_train.csv"),
                seed.resolve("x_test.csv"),
                seed.resolve("y_test.csv"),
                new HoldOut.Random33(42),
                "1.0.0"));
  }

  @Test
  void balancedLogisticRegressionIsWithinOnePercentOfTheNotebookInEveryCell() throws IOException {
    Evaluation evaluation = trainOnSeed(LogisticRegressionTrainer.balanced()).card().evaluation();

    for (int r = 0; r < 2; r++) {
      for (int c = 0; c < 2; c++) {
        double expected = NOTEBOOK_LOGREG.get(r).get(c);
        assertThat((double) evaluation.confusionMatrix().get(r).get(c))
            .as("cell [%d][%d]", r, c)
            .isCloseTo(expected, within(expected * 0.01));
      }
    }
  }

  @Test
  void xgboostFindsSeventyPercentOfDelays() throws IOException {
    Evaluation evaluation = trainOnSeed(XGBoostTrainer.notebook()).card().evaluation();

    assertThat(evaluation.delayed().recall()).isCloseTo(0.70, within(0.03));
  }

  @Test
  void theShippedModelIsWhatTheTrainerMakes() throws IOException {
    Path root = Path.of(System.getProperty("latam.home", ".."));
    ModelDirectory models = new ModelDirectory(root.resolve("Models"));
    TrainingJob.Result fresh = trainOnSeed(LogisticRegressionTrainer.balanced());

    assertThat(Files.readAllBytes(models.onnx("1.0.0"))).isEqualTo(fresh.onnx());
    ModelCard shipped = ModelCards.read(models.card("1.0.0"));
    assertThat(shipped.evaluation().confusionMatrix())
        .isEqualTo(fresh.card().evaluation().confusionMatrix());
    assertThat(shipped.trainingData().sha256()).isEqualTo(fresh.card().trainingData().sha256());
    assertThat(ModelDirectory.readServedVersion(root.resolve("version.txt"))).isEqualTo("1.0.0");
  }
}
