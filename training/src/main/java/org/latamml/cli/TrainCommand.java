package org.latamml.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import org.latamml.artifact.ModelCards;
import org.latamml.artifact.ModelDirectory;
import org.latamml.artifact.TrainingData;
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
    description = {
      "Train a delay model, evaluate it on held-out data, and write",
      "Latam_flight_model.<version>.onnx with its card Latam_flight_model.<version>.json."
    },
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
      required = true,
      description = "logreg (balanced L2 logistic regression) or xgboost (boosted trees)")
  Algorithm algorithm;

  @Option(names = "--features", required = true, description = "onehot37 or rich")
  String features;

  @Option(
      names = "--format",
      required = true,
      description = "raw (dataset_SCL.csv layout) or onehot (x_*.csv with --labels y_*.csv)")
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
      description = "seed of the random split; default ${DEFAULT-VALUE}")
  long seed;

  @Option(names = "--version", required = true, description = "the model's version, such as 1.1.0")
  String version;

  @Option(
      names = "--out",
      description = "folder to write the model to; default Models/ of the project")
  Path out;

  @Option(names = "--force", description = "replace a model of the same version")
  boolean force;

  @Option(
      names = "--rounds",
      defaultValue = "100",
      description = "xgboost: trees; default ${DEFAULT-VALUE}")
  int rounds;

  @Option(
      names = "--max-depth",
      defaultValue = "6",
      description = "xgboost: tree depth; default ${DEFAULT-VALUE}")
  int maxDepth;

  @Option(
      names = "--eta",
      defaultValue = "0.01",
      description = "xgboost: learning rate; default ${DEFAULT-VALUE}")
  double eta;

  @Option(
      names = "--tree-method",
      defaultValue = "exact",
      description = "xgboost: exact or hist; default ${DEFAULT-VALUE}")
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
    Trainer trainer =
        switch (algorithm) {
          case logreg -> LogisticRegressionTrainer.balanced();
          case xgboost -> new XGBoostTrainer(rounds, maxDepth, eta, treeMethod, 1, round -> {});
        };
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
            version);
    ModelDirectory models =
        new ModelDirectory(out != null ? out : Launcher.home().resolve("Models"));
    if (!force && Files.exists(models.card(version))) {
      throw new IllegalArgumentException(
          models.card(version) + " exists: choose another --version, or --force to replace it");
    }
    TrainingJob.Result result = new TrainingJob(progress).run(trainingSpec);
    write(models, result);
    PrintWriter stdout = spec.commandLine().getOut();
    TrainingData trained = result.card().trainingData();
    report.print(
        stdout,
        "Held-out evaluation (" + trained.split() + ", " + trained.heldOutRows() + " rows):",
        result.card().evaluation());
    if (!report.json()) {
      stdout.printf("%nwrote %s%n  and %s%n", models.onnx(version), models.card(version));
      stdout.flush();
    }
    return 0;
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
