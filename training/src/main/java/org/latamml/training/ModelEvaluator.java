package org.latamml.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.latamml.artifact.DelayModel;
import org.latamml.dataset.LabelledRows;
import org.latamml.dataset.OneHotCsvReader;
import org.latamml.evaluation.Evaluation;
import org.latamml.evaluation.Evaluator;
import org.latamml.features.DepartureBoard;
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
   * Scores the data with the model of {@code card} and evaluates at the card's threshold.
   *
   * @param labels the labels file for one-hot data; null for raw data
   */
  public Evaluation evaluate(Path card, DataFormat format, Path data, Path labels)
      throws IOException {
    try (DelayModel model = DelayModel.load(card)) {
      LabelledRows rows = rows(model, format, data, labels);
      double[] scores;
      try (Progress.Task task = progress.start("scoring", rows.size())) {
        scores = model.score(rows.features());
        task.stepTo(rows.size());
      }
      return Evaluator.evaluate(rows.labels(), scores, model.card().threshold());
    }
  }

  private LabelledRows rows(DelayModel model, DataFormat format, Path data, Path labels)
      throws IOException {
    int width = model.encoder().width();
    if (format == DataFormat.ONEHOT) {
      if (labels == null) {
        throw new IllegalArgumentException("--format onehot needs --labels");
      }
      // One-hot columns are the model's inputs as they are: the card's feature order.
      return new OneHotCsvReader().read(data, labels, width);
    }
    if (labels != null) {
      throw new IllegalArgumentException(
          "--format raw takes its labels from the data: drop --labels");
    }
    List<Flight> flights = new TrainingJob.FlightFiles(progress).readLabelled(data);
    return TrainingJob.encode(model.encoder(), DepartureBoard.of(flights), flights);
  }
}
