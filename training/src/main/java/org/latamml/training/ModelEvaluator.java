package org.latamml.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.latamml.artifact.DelayModel;
import org.latamml.dataset.LabelledRows;
import org.latamml.dataset.OneHotCsvReader;
import org.latamml.dataset.Sha256;
import org.latamml.features.DepartureBoard;
import org.latamml.features.Feature;
import org.latamml.features.FlightField;
import org.latamml.flight.Flight;

/**
 * Evaluates a model artifact (card and ONNX file, from our trainer or exported from Python) on
 * labelled data, scoring through ONNX Runtime exactly as the service does.
 */
public final class ModelEvaluator {
  private final Progress progress;

  /** An evaluator that reports to {@code progress}. */
  public ModelEvaluator(Progress progress) {
    this.progress = progress;
  }

  /**
   * Scores the data with a loaded model; each row keeps its airline and month, from the flight (raw
   * data) or from the model's one-hot inputs (one-hot data).
   */
  public ScoredRows score(DelayModel model, DataFormat format, Path data, Path labels)
      throws IOException {
    int width = model.encoder().width();
    if (format == DataFormat.ONEHOT) {
      if (labels == null) {
        throw new IllegalArgumentException("--format onehot needs --labels");
      }
      // One-hot columns are the model's inputs as they are: the card's feature order.
      LabelledRows rows = new OneHotCsvReader().read(data, labels, width);
      List<Feature> features = model.card().features();
      List<String> airlines = new ArrayList<>(rows.size());
      int[] months = new int[rows.size()];
      for (int i = 0; i < rows.size(); i++) {
        airlines.add(oneHotValue(features, rows.features()[i], FlightField.AIRLINE));
        String month = oneHotValue(features, rows.features()[i], FlightField.MONTH);
        months[i] = month.equals(ScoredRows.OTHER) ? 0 : Integer.parseInt(month);
      }
      boolean[] seen =
          TrainingOverlap.seen(model.card(), Sha256.of(List.of(data, labels)), rows.size(), null);
      return new ScoredRows(rows.labels(), probabilities(model, rows), airlines, months, seen);
    }
    if (labels != null) {
      throw new IllegalArgumentException(
          "--format raw takes its labels from the data: drop --labels");
    }
    List<Flight> flights = new TrainingJob.FlightFiles(progress).readLabelled(data);
    LabelledRows rows = TrainingJob.encode(model.encoder(), DepartureBoard.of(flights), flights);
    return new ScoredRows(
        rows.labels(),
        probabilities(model, rows),
        flights.stream().map(Flight::airline).toList(),
        flights.stream().mapToInt(f -> f.scheduledDeparture().getMonthValue()).toArray(),
        TrainingOverlap.seen(model.card(), Sha256.of(List.of(data)), rows.size(), flights));
  }

  private double[] probabilities(DelayModel model, LabelledRows rows) {
    try (Progress.Task task = progress.start("scoring", rows.size())) {
      double[] scores = model.score(rows.features());
      task.stepTo(rows.size());
      return scores;
    }
  }

  /** The value of the one-hot input of {@code field} that is set in the row. */
  private static String oneHotValue(List<Feature> features, float[] row, FlightField field) {
    for (int j = 0; j < features.size(); j++) {
      Feature feature = features.get(j);
      if (feature.source() == field && feature.equals() != null && row[j] == 1f) {
        return feature.equals();
      }
    }
    return ScoredRows.OTHER;
  }
}
