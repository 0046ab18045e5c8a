package org.latamml.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import org.latamml.artifact.ModelCards;
import org.latamml.artifact.ModelDirectory;
import org.latamml.artifact.TrainingData;
import org.latamml.calibration.CalibrationMethod;
import org.latamml.calibration.ThresholdRule;
import org.latamml.dataset.Sha256;
import org.latamml.training.DataFormat;
import org.latamml.training.HoldOut;
import org.latamml.training.LogisticRegressionTrainer;
import org.latamml.training.Trainer;
import org.latamml.training.TrainingJob;
import org.latamml.training.TrainingSpec;
import org.latamml.training.XGBoostTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code latam train}: trains a model, prints its held-out evaluation, writes it to Models/. */
@Command(
    name = "train",
    sortOptions = false,
    description =
        "Train a delay model, evaluate it on held-out data, and write "
            + "Latam_flight_model.<version>.onnx with its card Latam_flight_model.<version>.json.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:model written", "1:unexpected failure", "2:bad arguments or input data"})
public final class TrainCommand implements Callable<Integer> {

  enum Algorithm {
    logreg,
    xgboost
  }

  enum Format {
    raw,
    onehot
  }

  enum Split {
    random,
    time
  }

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin ReportOptions report;

  @Option(
      names = "--algorithm",
      description =
          "logreg (balanced L2 logistic regression) or xgboost (boosted trees);"
              + " default xgboost for --features rich, logreg for onehot37")
  Algorithm algorithm;

  @Option(names = "--features", required = true, description = "onehot37 or rich")
  String features;

  @Option(
      names = "--format",
      defaultValue = "raw",
      description =
          "raw (dataset_SCL.csv layout) or onehot (x_*.csv with --labels y_*.csv);"
              + " default ${DEFAULT-VALUE}")
  Format format;

  @Option(names = "--data", required = true, description = "training data CSV")
  Path data;

  @Option(names = "--labels", description = "labels CSV for --format onehot")
  Path labels;

  @Option(
      names = "--test-data",
      description = "evaluation data CSV (else part of --data is held out)")
  Path testData;

  @Option(names = "--test-labels", description = "evaluation labels CSV for --format onehot")
  Path testLabels;

  @Option(
      names = "--split",
      defaultValue = "random",
      description =
          "without --test-data: random (33%% held out) or time (last three months); default ${DEFAULT-VALUE}")
  Split split;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description =
          "seed of the random split, 0 to 4294967295: the rows scikit-learn's"
              + " train_test_split(test_size=0.33, random_state=seed) holds out; default"
              + " ${DEFAULT-VALUE}")
  long seed;

  @Option(names = "--version", required = true, description = "the model's version, such as 1.1.0")
  String version;

  @Option(
      names = "--out",
      description = "folder to write the model to; default Models/ of the project")
  Path out;

  @Option(
      names = "--force",
      description =
          "replace a model of the same version in an --out folder that is not the model store")
  boolean force;

  @Option(
      names = "--calibration",
      defaultValue = "auto",
      description =
          "auto (the lower held-out calibration error of the two), platt, isotonic or none;"
              + " fitted on the training rows' out-of-fold scores; default ${DEFAULT-VALUE}")
  String calibration;

  @Option(
      names = "--threshold",
      description = "the decision threshold, a probability between 0 and 1 (else --threshold-for)")
  Double threshold;

  @Option(
      names = "--threshold-for",
      description =
          "recall=<0..1>, precision=<0..1> or max-f1: chosen on the calibration rows;"
              + " default max-f1")
  String thresholdFor;

  @Option(
      names = "--rounds",
      description = "xgboost: trees; default 1500 for --features rich, 100 for onehot37")
  Integer rounds;

  @Option(
      names = "--max-depth",
      description = "xgboost: tree depth; default 3 for --features rich, 6 for onehot37")
  Integer maxDepth;

  @Option(
      names = "--eta",
      description = "xgboost: learning rate; default 0.03 for --features rich, 0.01 for onehot37")
  Double eta;

  @Option(
      names = "--tree-method",
      description = "xgboost: exact or hist; default hist for --features rich, exact for onehot37")
  String treeMethod;

  @Override
  public Integer call() throws IOException {
    ModelDirectory.checkVersion(version);
    if (!org.latamml.features.FeatureSets.names().contains(features)) {
      throw new IllegalArgumentException(
          "--features must be one of "
              + org.latamml.features.FeatureSets.names()
              + ", got "
              + features);
    }
    ConsoleProgress progress = new ConsoleProgress();
    // The defaults of each feature set are the settings docs/MODEL.md measured best for it; the
    // one-hot set keeps the notebook's.
    boolean rich = org.latamml.features.FeatureSets.RICH.equals(features);
    Algorithm chosen = algorithm != null ? algorithm : rich ? Algorithm.xgboost : Algorithm.logreg;
    Trainer trainer =
        switch (chosen) {
          case logreg -> LogisticRegressionTrainer.balanced();
          case xgboost ->
              new XGBoostTrainer(
                  rounds != null ? rounds : rich ? 1500 : 100,
                  maxDepth != null ? maxDepth : rich ? 3 : 6,
                  eta != null ? eta : rich ? 0.03 : 0.01,
                  treeMethod != null ? treeMethod : rich ? "hist" : "exact",
                  1,
                  round -> {});
        };
    if (chosen == Algorithm.logreg
        && (rounds != null || maxDepth != null || eta != null || treeMethod != null)) {
      throw new IllegalArgumentException(
          "--rounds, --max-depth, --eta and --tree-method are xgboost's: drop them, or give"
              + " --algorithm xgboost");
    }
    checkHeldOut();
    if (threshold != null && thresholdFor != null) {
      throw new IllegalArgumentException("give --threshold or --threshold-for, not both");
    }
    ThresholdRule thresholdRule =
        threshold != null
            ? new ThresholdRule.Fixed(threshold)
            : ThresholdRule.parse(thresholdFor == null ? "max-f1" : thresholdFor);
    CalibrationMethod calibrationMethod = calibrationMethod(calibration);
    HoldOut holdOut =
        split == Split.time ? new HoldOut.LastThreeMonths() : new HoldOut.Random33(seed);
    TrainingSpec trainingSpec =
        new TrainingSpec(
            trainer,
            features,
            format == Format.raw ? DataFormat.RAW : DataFormat.ONEHOT,
            data,
            labels,
            testData,
            testLabels,
            holdOut,
            version,
            calibrationMethod,
            thresholdRule);
    Path folder = out != null ? out : Launcher.home().resolve("Models");
    if (Files.exists(folder) && !Files.isDirectory(folder)) {
      throw new IllegalArgumentException("--out " + folder + " is a file: give a folder");
    }
    ModelDirectory models = new ModelDirectory(folder);
    if (Files.exists(models.card(version))) {
      if (isModelStore(folder)) {
        // The service may serve it already, and its prediction log and quality name it: a second
        // model under the same name would mix two models' records.
        throw new IllegalArgumentException(
            models.card(version)
                + " exists in the model store, where a version never changes: choose another"
                + " --version (--force replaces a model only in another --out folder)");
      }
      if (!force) {
        throw new IllegalArgumentException(
            models.card(version) + " exists: choose another --version, or --force to replace it");
      }
    }
    TrainingJob.Result result = new TrainingJob(progress).run(trainingSpec);
    write(models, result);
    PrintWriter stdout = spec.commandLine().getOut();
    TrainingData trained = result.card().trainingData();
    report.print(
        stdout,
        "Held-out evaluation (" + trained.split() + ", " + trained.heldOutRows() + " rows):",
        result.card().evaluation());
    // With --json, stdout holds the evaluation alone; where the model went goes to stderr, beside
    // the progress lines, so that a script piping the JSON still sees it.
    PrintWriter where = report.json() ? spec.commandLine().getErr() : stdout;
    where.printf("%nwrote %s%n  and %s%n", models.onnx(version), models.card(version));
    where.flush();
    return 0;
  }

  private static CalibrationMethod calibrationMethod(String name) {
    for (CalibrationMethod method : CalibrationMethod.values()) {
      if (method.name().equalsIgnoreCase(name)) {
        return method;
      }
    }
    throw new IllegalArgumentException(
        "--calibration must be auto, platt, isotonic or none, got " + name);
  }

  /**
   * Refuses held-out data that would not be held out: --split with --test-data (it picks rows of
   * --data, which is then all trained on), or --test-data with the bytes of --data.
   */
  private void checkHeldOut() throws IOException {
    if (testData == null) {
      return;
    }
    var given = spec.commandLine().getParseResult();
    if (given.hasMatchedOption("--split")) {
      throw new IllegalArgumentException(
          "--split holds out rows of --data: with --test-data, every row of --data is trained"
              + " on; drop it, or drop --test-data");
    }
    List<Path> training = labels == null ? List.of(data) : List.of(data, labels);
    List<Path> test = testLabels == null ? List.of(testData) : List.of(testData, testLabels);
    if (training.size() == test.size()
        && training.stream().allMatch(Files::isRegularFile)
        && test.stream().allMatch(Files::isRegularFile)
        && Sha256.of(training).equals(Sha256.of(test))) {
      throw new IllegalArgumentException(
          "--test-data holds the same rows as --data: its figures would be of rows the model was"
              + " trained on; give other data, or drop --test-data to hold out part of --data");
    }
  }

  /** Whether {@code folder} is the service's model store: the project's Models/ or its override. */
  private static boolean isModelStore(Path folder) {
    String override = System.getenv("LATAM_MODELS_DIR");
    return sameFolder(folder, Launcher.home().resolve("Models"))
        || (override != null && !override.isBlank() && sameFolder(folder, Path.of(override)));
  }

  private static boolean sameFolder(Path a, Path b) {
    try {
      return Files.isSameFile(a, b);
    } catch (IOException e) {
      // One of them does not exist (or cannot be read): compared by name.
      return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
  }

  /** Writes both files beside each other first, then moves them in, so no half model is seen. */
  private void write(ModelDirectory models, TrainingJob.Result result) throws IOException {
    Files.createDirectories(models.root());
    Path onnxTemp = models.root().resolve("." + models.onnx(version).getFileName() + ".part");
    Path cardTemp = models.root().resolve("." + models.card(version).getFileName() + ".part");
    try {
      Files.write(onnxTemp, result.onnx());
      ModelCards.write(result.card(), cardTemp);
      Files.move(onnxTemp, models.onnx(version), StandardCopyOption.REPLACE_EXISTING);
      Files.move(cardTemp, models.card(version), StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(onnxTemp);
      Files.deleteIfExists(cardTemp);
    }
  }
}
