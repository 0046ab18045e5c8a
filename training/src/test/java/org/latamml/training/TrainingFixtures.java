package org.latamml.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.latamml.artifact.Calibration;
import org.latamml.artifact.ModelCard;
import org.latamml.artifact.ModelCards;
import org.latamml.artifact.ModelDirectory;
import org.latamml.artifact.OnnxSignature;
import org.latamml.calibration.Calibrator;
import org.latamml.dataset.LabelledRows;
import org.latamml.features.DepartureBoard;
import org.latamml.features.Feature;
import org.latamml.features.FeatureEncoder;
import org.latamml.features.FeatureSets;
import org.latamml.fixtures.FlightFixtures;
import org.latamml.flight.Flight;

/** Small labelled data sets for training tests, the same every run. */
final class TrainingFixtures {
  private TrainingFixtures() {}

  static final List<Flight> FLIGHTS = FlightFixtures.syntheticYear(3_000, 7);

  static List<Feature> richFeatures() {
    return FeatureSets.rich(FLIGHTS);
  }

  static LabelledRows encoded(List<Feature> features) {
    return TrainingJob.encode(new FeatureEncoder(features), DepartureBoard.of(FLIGHTS), FLIGHTS);
  }

  static List<String> names(List<Feature> features) {
    return features.stream().map(Feature::name).toList();
  }

  /**
   * Writes the model's graph, calibrated by {@code calibrator}, and a card with its terms into
   * {@code dir} as version 0.0.1; returns the card's path.
   */
  static Path save(Path dir, TrainedModel model, List<Feature> features, Calibrator calibrator)
      throws IOException {
    ModelDirectory models = new ModelDirectory(dir);
    Files.write(models.onnx("0.0.1"), model.toOnnx("0.0.1", calibrator));
    ModelCards.write(
        new ModelCard(
            ModelCard.FORMAT_VERSION,
            "0.0.1",
            model.algorithm(),
            model.settings(),
            "test",
            features,
            OnnxSignature.TRAINER,
            0.5,
            // The graph's calibration, as a trained card says it: the service scores trees in Java
            // with it.
            new Calibration(calibrator.method(), calibrator.parameters(), 0, 0, Map.of(), "test"),
            model.linearTerms().orElse(null),
            model.treeTerms().orElse(null),
            null,
            null,
            null,
            null,
            null,
            null,
            Map.of()),
        models.card("0.0.1"));
    return models.card("0.0.1");
  }
}
