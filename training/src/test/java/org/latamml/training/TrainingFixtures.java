package org.latamml.training;

import java.util.List;
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
}
