package org.latamml.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.latamml.artifact.DelayModel;
import org.latamml.artifact.ModelCard;
import org.latamml.artifact.TrainingData;
import org.latamml.dataset.LabelledRows;
import org.latamml.dataset.OneHotCsvReader;
import org.latamml.dataset.Sha256;
import org.latamml.features.DepartureBoard;
import org.latamml.features.Feature;
import org.latamml.features.FeatureSets;
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
   * Labelled data read once, for every model that scores it: raw flights with their departure
   * board, or one-hot files, and the files' digest.
   */
  public static final class LabelledData {
    private final DataFormat format;
    private final Path data;
    private final Path labels;
    private final String sha256;
    private final List<Flight> flights;
    private final DepartureBoard board;
    private final Map<Integer, LabelledRows> oneHotByWidth = new HashMap<>();

    private LabelledData(
        DataFormat format, Path data, Path labels, String sha256, List<Flight> flights) {
      this.format = format;
      this.data = data;
      this.labels = labels;
      this.sha256 = sha256;
      this.flights = flights;
      this.board = flights == null ? null : DepartureBoard.of(flights);
    }

    /**
     * The files {@code card} says its model was trained on, when these are not they (another
     * digest): the rows it was trained on cannot be told apart here. Empty when these are its
     * training files, its test file (by the name its card's split gives), or when the card does not
     * say.
     */
    public List<String> otherTrainingFiles(ModelCard card) {
      TrainingData trained = card.trainingData();
      if (trained == null
          || trained.sha256() == null
          || trained.files() == null
          || trained.files().isEmpty()
          || trained.sha256().equals(sha256)
          || isTestFileOf(trained)) {
        return List.of();
      }
      return trained.files();
    }

    // The trainer writes the split of a given test file as "test file flights.csv" ("test files
    // x_test.csv" for one-hot data): the model was evaluated on that file, not trained on it.
    private boolean isTestFileOf(TrainingData trained) {
      String split = trained.split();
      Path name = data.getFileName();
      return split != null
          && name != null
          && java.util.stream.Stream.of(TrainingJob.TEST_FILE, TrainingJob.TEST_FILES)
              .anyMatch(start ->
                  split.startsWith(start)
                      && split.substring(start.length()).strip().equals(name.toString()));
    }

    /** One-hot rows are the model's inputs as they are: read once per input width. */
    private LabelledRows oneHot(int width) throws IOException {
      LabelledRows rows = oneHotByWidth.get(width);
      if (rows == null) {
        rows = new OneHotCsvReader().read(data, labels, width);
        oneHotByWidth.put(width, rows);
      }
      return rows;
    }
  }

  /**
   * Reads labelled data for scoring.
   *
   * @param labels the labels file for one-hot data; null for raw data
   */
  public LabelledData read(DataFormat format, Path data, Path labels) throws IOException {
    if (format == DataFormat.ONEHOT) {
      if (labels == null) {
        throw new IllegalArgumentException("--format onehot needs --labels");
      }
      return new LabelledData(format, data, labels, Sha256.of(List.of(data, labels)), null);
    }
    if (labels != null) {
      throw new IllegalArgumentException(
          "--format raw takes its labels from the data: drop --labels");
    }
    return new LabelledData(
        format,
        data,
        null,
        Sha256.of(List.of(data)),
        new TrainingJob.FlightFiles(progress).readLabelled(data));
  }

  /**
   * Scores the data with a loaded model; each row keeps its airline and month, from the flight (raw
   * data) or from the model's one-hot inputs (one-hot data), and whether the model was trained on
   * it.
   */
  public ScoredRows score(DelayModel model, LabelledData data) throws IOException {
    if (data.format == DataFormat.ONEHOT) {
      if (FeatureSets.RICH.equals(model.card().featureSet())) {
        throw new IllegalArgumentException(
            "model "
                + model.card().version()
                + " reads the rich features, which one-hot files do not hold: give it raw flights"
                + " with --format raw");
      }
      LabelledRows rows = data.oneHot(model.encoder().width());
      List<Feature> features = model.card().features();
      boolean[] seen = TrainingOverlap.seen(model.card(), data.sha256, rows.size(), null);
      return new ScoredRows(
          rows.labels(),
          probabilities(model, rows),
          oneHotAirlines(features, rows),
          oneHotMonths(features, rows),
          seen);
    }
    LabelledRows rows = TrainingJob.encode(model.encoder(), data.board, data.flights);
    return new ScoredRows(
        rows.labels(),
        probabilities(model, rows),
        data.flights.stream().map(Flight::airline).toList(),
        data.flights.stream().mapToInt(f -> f.scheduledDeparture().getMonthValue()).toArray(),
        TrainingOverlap.seen(model.card(), data.sha256, rows.size(), data.flights));
  }

  private double[] probabilities(DelayModel model, LabelledRows rows) {
    try (Progress.Task task = progress.start("scoring", rows.size())) {
      double[] scores = model.score(rows.features());
      task.stepTo(rows.size());
      task.done();
      return scores;
    }
  }

  /** Each one-hot row's airline, read back from its inputs; {@code (other)} when none is set. */
  static List<String> oneHotAirlines(List<Feature> features, LabelledRows rows) {
    List<String> airlines = new ArrayList<>(rows.size());
    for (float[] row : rows.features()) {
      airlines.add(oneHotValue(features, row, FlightField.AIRLINE));
    }
    return airlines;
  }

  /** Each one-hot row's month, read back from its inputs; 0 when none is set. */
  static int[] oneHotMonths(List<Feature> features, LabelledRows rows) {
    int[] months = new int[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      String month = oneHotValue(features, rows.features()[i], FlightField.MONTH);
      months[i] = month.equals(ScoredRows.OTHER) ? 0 : Integer.parseInt(month);
    }
    return months;
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
