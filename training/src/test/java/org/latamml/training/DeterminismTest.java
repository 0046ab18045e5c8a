package org.latamml.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.latamml.dataset.LabelledRows;
import org.latamml.features.Feature;
import org.latamml.features.FeatureSets;

/** Same data and settings give the same model file, byte for byte. */
class DeterminismTest {

  @Test
  void logisticRegressionGivesTheSameBytesTwice() {
    assertSameBytes(LogisticRegressionTrainer.balanced(), FeatureSets.onehot37());
  }

  @Test
  void boostedTreesGiveTheSameBytesTwice() {
    assertSameBytes(
        new XGBoostTrainer(20, 4, 0.3, "hist", 1, round -> {}), TrainingFixtures.richFeatures());
  }

  @Test
  void otherDataGivesOtherBytes() {
    List<Feature> features = FeatureSets.onehot37();
    LabelledRows rows = TrainingFixtures.encoded(features);
    LabelledRows half = rows.select(java.util.stream.IntStream.range(0, rows.size() / 2).toArray());
    Trainer trainer = LogisticRegressionTrainer.balanced();

    assertThat(trainer.train(half, TrainingFixtures.names(features)).toOnnx("1"))
        .isNotEqualTo(trainer.train(rows, TrainingFixtures.names(features)).toOnnx("1"));
  }

  private static void assertSameBytes(Trainer trainer, List<Feature> features) {
    LabelledRows rows = TrainingFixtures.encoded(features);
    List<String> names = TrainingFixtures.names(features);

    byte[] first = trainer.train(rows, names).toOnnx("1.0.0");
    byte[] second = trainer.train(rows, names).toOnnx("1.0.0");

    assertThat(second).isEqualTo(first);
  }
}
