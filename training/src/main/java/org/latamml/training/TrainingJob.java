package org.latamml.training;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Stream;
import org.latamml.artifact.ModelCard;
import org.latamml.artifact.OnnxSignature;
import org.latamml.artifact.TrainingData;
import org.latamml.artifact.TrainingRows;
import org.latamml.calibration.CalibrationMethod;
import org.latamml.calibration.Calibrator;
import org.latamml.calibration.ThresholdRule;
import org.latamml.calibration.Uncalibrated;
import org.latamml.dataset.LabelledRows;
import org.latamml.dataset.OneHotCsvReader;
import org.latamml.dataset.Sha256;
import org.latamml.drift.InputProfile;
import org.latamml.drift.InputProfiler;
import org.latamml.evaluation.Evaluation;
import org.latamml.evaluation.Evaluator;
import org.latamml.evaluation.Slicer;
import org.latamml.features.DepartureBoard;
import org.latamml.features.Feature;
import org.latamml.features.FeatureEncoder;
import org.latamml.features.FeatureSets;
import org.latamml.flight.Flight;
import org.latamml.flight.FlightDataException;

/** Reads the data, encodes it, trains, evaluates on held-out rows, and makes the artifact. */
public final class TrainingJob {

  /** Folds of the cross-validation whose out-of-fold scores the calibrator is fitted on. */
  public static final int CALIBRATION_FOLDS = 5;

  /** How a card's split begins, then naming the file, when a raw test file was given. */
  static final String TEST_FILE = "test file ";

  /** The same for one-hot test files, naming the data file (its labels are beside it). */
  static final String TEST_FILES = "test files ";

  private final Progress progress;
  private final FlightFiles files;

  /** A job that reports to {@code progress}. */
  public TrainingJob(Progress progress) {
    this.progress = progress;
    this.files = new FlightFiles(progress);
  }

  /** A model's card, with the evaluation it holds, and its ONNX file's bytes. */
  // The ONNX bytes go to disk as they are; nothing changes them.
  @SuppressWarnings("ArrayRecordComponent")
  public record Result(ModelCard card, byte[] onnx) {}

  /** Runs the whole job; nothing is written to disk. */
  public Result run(TrainingSpec spec) throws IOException {
    Encoded encoded = spec.format() == DataFormat.ONEHOT ? oneHot(spec) : raw(spec);
    List<String> names = encoded.features().stream().map(Feature::name).toList();
    TrainedModel model;
    try (Progress.Task task = progress.start("training " + spec.featureSet(), -1)) {
      model = spec.trainer().train(encoded.train(), names);
      task.stepTo(1);
      task.done();
    }
    Calibration calibration = calibrate(spec, encoded.train(), names);
    Calibrator calibrator = calibration.choice().calibrator();
    double[] scores = calibrator.probabilities(model.logOdds(encoded.test().features()));
    Evaluation evaluation =
        Evaluator.evaluate(encoded.test().labels(), scores, calibration.threshold());
    List<Path> trainingFiles =
        Stream.of(spec.data(), spec.labels()).filter(Objects::nonNull).toList();
    TrainingData data =
        new TrainingData(
            spec.format().name().toLowerCase(java.util.Locale.ROOT),
            trainingFiles.stream().map(p -> p.getFileName().toString()).toList(),
            Sha256.of(trainingFiles),
            encoded.train().size(),
            encoded.test().size(),
            encoded.split(),
            encoded.trainingRows());
    ModelCard card =
        new ModelCard(
            ModelCard.FORMAT_VERSION,
            spec.version(),
            model.algorithm(),
            model.settings(),
            spec.featureSet(),
            encoded.features(),
            OnnxSignature.TRAINER,
            calibration.threshold(),
            new org.latamml.artifact.Calibration(
                calibrator.method(),
                calibrator.parameters(),
                calibration.rows(),
                calibration.folds(),
                calibration.choice().heldOutEce(),
                spec.thresholdRule().describe()),
            model.linearTerms().orElse(null),
            model.treeTerms().orElse(null),
            data,
            evaluation,
            Slicer.of(
                encoded.test().labels(),
                scores,
                encoded.testAirlines(),
                encoded.testMonths(),
                calibration.threshold()),
            encoded.profiler().apply(scores),
            null,
            Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
            Libraries.versions());
    byte[] onnx = model.toOnnx(spec.version(), calibrator);
    return new Result(
        card.withProbes(Probes.of(card, onnx, encoded.test().features(), scores)), onnx);
  }

  private record Calibration(
      CalibrationMethod.Choice choice, double threshold, int folds, int rows) {}

  /**
   * Fits the calibrator and chooses the threshold on the training rows' out-of-fold log-odds: each
   * row scored by a model trained on the other folds, so that neither ever sees a score of a row
   * its model was fitted on, and the test rows are never used. The served model is the one fitted
   * on every training row; its scores rank as the folds' do.
   */
  private Calibration calibrate(TrainingSpec spec, LabelledRows train, List<String> names) {
    if (spec.calibration() == CalibrationMethod.NONE
        && spec.thresholdRule() instanceof ThresholdRule.Fixed fixed) {
      return new Calibration(
          new CalibrationMethod.Choice(new Uncalibrated(), java.util.Map.of()),
          fixed.threshold(),
          0,
          0);
    }
    double[] logOdds = new double[train.size()];
    int[] fold = CrossValidation.folds(train.size(), CALIBRATION_FOLDS, seedOf(spec));
    try (Progress.Task task =
        progress.start("calibrating (" + CALIBRATION_FOLDS + " folds)", CALIBRATION_FOLDS)) {
      for (int k = 0; k < CALIBRATION_FOLDS; k++) {
        CrossValidation.Split split = CrossValidation.split(fold, k);
        TrainedModel foldModel = spec.trainer().train(train.select(split.fit()), names);
        double[] held = foldModel.logOdds(train.select(split.held()).features());
        for (int i = 0; i < held.length; i++) {
          logOdds[split.held()[i]] = held[i];
        }
        task.stepTo(k + 1);
      }
      task.done();
    }
    CalibrationMethod.Choice choice = spec.calibration().choose(logOdds, train.labels());
    double threshold =
        spec.thresholdRule().choose(choice.calibrator().probabilities(logOdds), train.labels());
    return new Calibration(choice, servable(threshold), CALIBRATION_FOLDS, train.size());
  }

  /**
   * The threshold as the served graph's float output meets it: a probability chosen exactly (an
   * isotonic plateau) that float rounds down would otherwise put the whole plateau below it.
   */
  static double servable(double threshold) {
    return Math.min(threshold, (double) (float) threshold);
  }

  private static long seedOf(TrainingSpec spec) {
    return spec.holdOut() instanceof HoldOut.Random33 random ? random.seed() : 42;
  }

  /**
   * The data encoded for training.
   *
   * @param testAirlines each held-out row's airline, which the card's slices group by
   * @param testMonths each held-out row's month (0 when the data names none)
   * @param profiler the profile of the training inputs, given the held-out rows' probabilities
   */
  // Parallel arrays of the held-out rows, only read.
  @SuppressWarnings("ArrayRecordComponent")
  private record Encoded(
      List<Feature> features,
      LabelledRows train,
      LabelledRows test,
      List<String> testAirlines,
      int[] testMonths,
      String split,
      TrainingRows trainingRows,
      Function<double[], InputProfile> profiler) {

    Encoded(
        List<Feature> features,
        LabelledRows train,
        LabelledRows test,
        String split,
        TrainingRows trainingRows,
        Function<double[], InputProfile> profiler) {
      this(
          features,
          train,
          test,
          ModelEvaluator.oneHotAirlines(features, test),
          ModelEvaluator.oneHotMonths(features, test),
          split,
          trainingRows,
          profiler);
    }
  }

  private Encoded oneHot(TrainingSpec spec) throws IOException {
    List<Feature> features = FeatureSets.onehot37();
    OneHotCsvReader reader = new OneHotCsvReader();
    LabelledRows all = reader.read(spec.data(), spec.labels(), features.size());
    if (spec.testData() != null) {
      return new Encoded(
          features,
          all,
          reader.read(spec.testData(), spec.testLabels(), features.size()),
          TEST_FILES + spec.testData().getFileName(),
          TrainingRows.all(),
          scores -> InputProfiler.ofRows(features, all.features(), scores));
    }
    long seed = ((HoldOut.Random33) spec.holdOut()).seed();
    HoldOut.Parts parts = HoldOut.random(all.size(), seed);
    LabelledRows train = all.select(parts.train());
    return new Encoded(
        features,
        train,
        all.select(parts.test()),
        spec.holdOut().describe(),
        TrainingRows.random(seed, HoldOut.RANDOM_FRACTION),
        scores -> InputProfiler.ofRows(features, train.features(), scores));
  }

  private Encoded raw(TrainingSpec spec) throws IOException {
    List<Flight> flights = files.readLabelled(spec.data());
    List<Flight> train;
    List<Flight> test;
    String split;
    TrainingRows trainingRows;
    if (spec.testData() != null) {
      train = flights;
      test = files.readLabelled(spec.testData());
      split = TEST_FILE + spec.testData().getFileName();
      trainingRows = TrainingRows.all();
    } else {
      HoldOut.Parts parts = spec.holdOut().split(flights);
      train = pick(flights, parts.train());
      test = pick(flights, parts.test());
      split = spec.holdOut().describe();
      trainingRows =
          switch (spec.holdOut()) {
            case HoldOut.Random33 random ->
                TrainingRows.random(random.seed(), HoldOut.RANDOM_FRACTION);
            case HoldOut.LastThreeMonths time ->
                TrainingRows.before(
                    test.stream()
                        .map(f -> YearMonth.from(f.scheduledDeparture()))
                        .min(Comparator.naturalOrder())
                        .orElseThrow()
                        .toString());
          };
    }
    // Context comes from every flight at the airport, held out or not: other flights' departures
    // are facts by the time a prediction is made; the flight's own label never enters it.
    List<Flight> airport = flights;
    if (spec.testData() != null) {
      airport = new ArrayList<>(flights);
      airport.addAll(test);
    }
    DepartureBoard board = DepartureBoard.of(airport);
    List<Feature> features =
        FeatureSets.RICH.equals(spec.featureSet())
            ? FeatureSets.rich(train)
            : FeatureSets.onehot37();
    FeatureEncoder encoder = new FeatureEncoder(features);
    return new Encoded(
        features,
        encode(encoder, board, train),
        encode(encoder, board, test),
        test.stream().map(Flight::airline).toList(),
        test.stream().mapToInt(f -> f.scheduledDeparture().getMonthValue()).toArray(),
        split,
        trainingRows,
        scores -> InputProfiler.ofFlights(encoder, train, board, scores));
  }

  /** Encodes labelled flights with an encoder and the board their context comes from. */
  public static LabelledRows encode(
      FeatureEncoder encoder, DepartureBoard board, List<Flight> flights) {
    int[] y = new int[flights.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = flights.get(i).isDelayed() ? 1 : 0;
    }
    return new LabelledRows(encoder.encodeAll(flights, board), y);
  }

  private static List<Flight> pick(List<Flight> flights, int[] rows) {
    List<Flight> picked = new ArrayList<>(rows.length);
    for (int row : rows) {
      picked.add(flights.get(row));
    }
    return picked;
  }

  /** Reads raw flight files with progress, insisting that each has a label. */
  static final class FlightFiles {
    private final Progress progress;

    FlightFiles(Progress progress) {
      this.progress = progress;
    }

    List<Flight> readLabelled(Path file) throws IOException {
      List<Flight> flights = new ArrayList<>();
      try (Progress.Task task = progress.start("reading " + file.getFileName(), -1)) {
        new org.latamml.flight.RawFlightReader()
            .read(
                file,
                flight -> {
                  if (!flight.hasDeparted()) {
                    throw new FlightDataException(
                        file,
                        flights.size() + 2L,
                        "Fecha-O",
                        "is empty: a flight without its actual departure has no label");
                  }
                  flights.add(flight);
                  if (flights.size() % 1000 == 0) {
                    task.stepTo(flights.size());
                  }
                });
        task.stepTo(flights.size());
        task.done();
      }
      if (flights.isEmpty()) {
        throw new FlightDataException(file, 0, null, "has no flights");
      }
      return flights;
    }
  }
}
