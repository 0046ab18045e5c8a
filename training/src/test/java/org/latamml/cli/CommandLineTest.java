package org.latamml.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latamml.artifact.DelayModel;
import org.latamml.artifact.ModelCard;
import org.latamml.artifact.ModelCards;
import org.latamml.fixtures.FlightFixtures;

class CommandLineTest {
  @TempDir Path dir;
  private Path raw;
  private Path models;

  /** What one run of the command line printed and returned. */
  record Run(int exitCode, String out, String err) {}

  @BeforeEach
  void writeData() throws IOException {
    raw =
        FlightFixtures.writeRaw(dir.resolve("flights.csv"), FlightFixtures.syntheticYear(1_500, 3));
    models = dir.resolve("Models");
  }

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = LatamCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  private Run train(String version, String... extra) {
    String[] base = {
      "train",
      "--algorithm",
      "logreg",
      "--features",
      "onehot37",
      "--format",
      "raw",
      "--data",
      raw.toString(),
      "--version",
      version,
      "--out",
      models.toString()
    };
    String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return run(args);
  }

  private Run trainRich(String version, int rounds) {
    return run(
        "train",
        "--features",
        "rich",
        "--data",
        raw.toString(),
        "--rounds",
        Integer.toString(rounds),
        "--version",
        version,
        "--out",
        models.toString());
  }

  @Test
  void trainWritesModelAndCardAndPrintsTheReport() throws IOException {
    Run result = train("1.0.0");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains("precision", "confusion matrix", "random 33% held out, seed 42");
    ModelCard card = ModelCards.read(models.resolve("Latam_flight_model.1.0.0.json"));
    assertThat(card.trainingData().rows() + card.trainingData().heldOutRows()).isEqualTo(1_500);
    assertThat(card.trainingData().sha256()).hasSize(64);
    assertThat(card.libraries()).containsKeys("tribuo", "java");
    assertThat(Files.size(models.resolve("Latam_flight_model.1.0.0.onnx"))).isPositive();
  }

  @Test
  void trainWritesProbesSpreadOverTheScoresThatTheGraphReproduces() {
    assertThat(train("1.0.0").exitCode()).isZero();

    ModelCard card = ModelCards.read(models.resolve("Latam_flight_model.1.0.0.json"));
    assertThat(card.probes()).hasSize(8);
    assertThat(card.probes().stream().mapToDouble(p -> p.probability()).distinct().count())
        .isGreaterThan(3);
    try (DelayModel model = DelayModel.load(models.resolve("Latam_flight_model.1.0.0.json"))) {
      model.checkProbes();
      for (var probe : card.probes()) {
        assertThat(model.score(probe.features())).isCloseTo(probe.probability(), within(1e-6));
      }
    }
  }

  @Test
  void trainJsonPrintsOnlyTheEvaluationObject() throws IOException {
    Run result = train("1.0.0", "--json");

    JsonNode json = new ObjectMapper().readTree(result.out());
    assertThat(json.fieldNames())
        .toIterable()
        .containsExactly(
            "confusion_matrix",
            "classes",
            "accuracy",
            "roc_auc",
            "pr_auc",
            "brier",
            "log_loss",
            "ece",
            "reliability",
            "curves");
    assertThat(json.path("reliability")).hasSize(10);
    assertThat(json.path("reliability").get(0).fieldNames())
        .toIterable()
        .containsExactly("lower", "upper", "mean_predicted", "observed_rate", "count");
    assertThat(json.path("curves").path("roc").size()).isGreaterThan(2);
    assertThat(json.path("classes").path("1").fieldNames())
        .toIterable()
        .containsExactly("precision", "recall", "f1", "support");
    long rows = 0;
    for (JsonNode row : json.path("confusion_matrix")) {
      rows += row.get(0).asLong() + row.get(1).asLong();
    }
    assertThat(rows)
        .isEqualTo(
            json.path("classes").path("0").path("support").asLong()
                + json.path("classes").path("1").path("support").asLong());
  }

  @Test
  void trainJsonSaysOnStderrWhereTheModelWasWritten() {
    Run result = train("1.0.0", "--json");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).doesNotContain("wrote");
    assertThat(result.err())
        .contains("wrote " + models.resolve("Latam_flight_model.1.0.0.onnx"))
        .contains("and " + models.resolve("Latam_flight_model.1.0.0.json"));
  }

  @Test
  void theCardRecordsTheCalibratorAndHowTheThresholdWasChosen() {
    Run result = train("1.0.0", "--calibration", "platt", "--threshold-for", "recall=0.6");

    assertThat(result.exitCode()).as(result.err()).isZero();
    ModelCard card = ModelCards.read(models.resolve("Latam_flight_model.1.0.0.json"));
    assertThat(card.calibration().method()).isEqualTo("platt");
    assertThat(card.calibration().parameters()).containsKeys("slope", "intercept");
    assertThat(card.calibration().folds()).isEqualTo(5);
    assertThat(card.calibration().rows()).isEqualTo(card.trainingData().rows());
    assertThat(card.calibration().thresholdRule()).contains("recall >= 0.6");
    assertThat(card.threshold()).isBetween(0.0, 1.0);
    assertThat(result.out()).contains("Brier", "ECE");
  }

  @Test
  void richFeaturesAloneTrainCalibratedBoostedTreesWithTheirMeasuredDefaults() {
    Run result =
        run(
            "train",
            "--features",
            "rich",
            "--data",
            raw.toString(),
            "--version",
            "2.0.0",
            "--out",
            models.toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    ModelCard card = ModelCards.read(models.resolve("Latam_flight_model.2.0.0.json"));
    assertThat(card.algorithm()).isEqualTo("xgboost");
    assertThat(card.settings())
        .containsEntry("rounds", 1500)
        .containsEntry("max_depth", 3)
        .containsEntry("eta", 0.03)
        .containsEntry("tree_method", "hist");
    assertThat(card.calibration().method()).isIn("platt", "isotonic");
    assertThat(card.calibration().thresholdRule()).isEqualTo("maximum F1 on the calibration rows");
  }

  @Test
  void aGivenThresholdIsTheCardsThreshold() {
    assertThat(train("1.0.0", "--threshold", "0.3").exitCode()).isZero();

    assertThat(ModelCards.read(models.resolve("Latam_flight_model.1.0.0.json")).threshold())
        .isEqualTo(0.3);
  }

  @Test
  void refusesConflictingOrUnknownCalibrationOptionsWithExitCodeTwo() {
    Run both = train("1.0.0", "--threshold", "0.3", "--threshold-for", "max-f1");
    Run unknown = train("1.0.0", "--calibration", "beta");
    Run badTarget = train("1.0.0", "--threshold-for", "recall=2");

    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.err()).contains("--threshold or --threshold-for, not both");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("--calibration must be auto, platt, isotonic or none");
    assertThat(badTarget.exitCode()).isEqualTo(2);
    assertThat(badTarget.err()).contains("--threshold-for recall=");
    assertThat(models.resolve("Latam_flight_model.1.0.0.json")).doesNotExist();
  }

  @Test
  void compareGivesBothModelsFiguresAndTheDifferenceWithItsInterval() throws IOException {
    assertThat(train("1.0.0").exitCode()).isZero();
    Run boosted = trainRich("2.0.0", 50);
    assertThat(boosted.exitCode()).as(boosted.err()).isZero();

    Run result = compareOnTheTrainingFile("1.0.0", "2.0.0", 200);

    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(result.out());
    // Both were trained on the same random split of this file: their held-out rows are compared.
    assertThat(json.path("rows").asLong())
        .isEqualTo(
            ModelCards.read(models.resolve("Latam_flight_model.1.0.0.json"))
                .trainingData()
                .heldOutRows());
    assertThat(result.err()).contains("rows 1.0.0 or 2.0.0 was trained on");
    assertThat(json.path("first").path("version").asText()).isEqualTo("1.0.0");
    double first = json.path("first").path("evaluation").path("roc_auc").asDouble();
    double second = json.path("second").path("evaluation").path("roc_auc").asDouble();
    JsonNode difference = json.path("roc_auc_difference");
    assertThat(difference.path("estimate").asDouble()).isCloseTo(second - first, within(1e-12));
    assertThat(difference.path("low").asDouble())
        .isLessThanOrEqualTo(difference.path("estimate").asDouble());
    assertThat(difference.path("high").asDouble())
        .isGreaterThanOrEqualTo(difference.path("estimate").asDouble());
    assertThat(difference.path("resamples").asInt()).isEqualTo(200);
    assertThat(json.path("brier_difference").path("estimate").isNumber()).isTrue();
  }

  /** {@code compare} of two versions in the models folder, as JSON, on 1.0.0's training file. */
  private Run compareOnTheTrainingFile(String first, String second, int resamples) {
    return run(
        "compare",
        models.resolve("Latam_flight_model." + first + ".json").toString(),
        models.resolve("Latam_flight_model." + second + ".json").toString(),
        "--data",
        raw.toString(),
        "--resamples",
        "" + resamples,
        "--json");
  }

  @Test
  void argumentsAreCheckedBeforeTheDataIsRead() {
    Run versions = run("compare", "2.0.0", "2.4.0", "--data", raw.toString());
    Run seed = train("1.0.0", "--seed", "-1");

    assertThat(versions.exitCode()).isEqualTo(2);
    assertThat(versions.err())
        .contains("model card 2.0.0 does not exist: a card is a model's .json file")
        .doesNotContain("reading");
    assertThat(seed.exitCode()).isEqualTo(2);
    assertThat(seed.err()).contains("--seed must be between 0 and").doesNotContain("reading");
  }

  @Test
  void compareRefusesTooFewResamplesWithExitCodeTwo() {
    assertThat(train("1.0.0").exitCode()).isZero();
    String card = models.resolve("Latam_flight_model.1.0.0.json").toString();

    Run result = run("compare", card, card, "--data", raw.toString(), "--resamples", "5");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--resamples must be 100 to 100000");
  }

  private Run evaluateOnTheTrainingFile(String... extra) {
    return evaluate(raw, extra);
  }

  /** {@code evaluate} of 1.0.0 in the models folder on {@code data}, as JSON. */
  private Run evaluate(Path data, String... extra) {
    String[] base = {
      "evaluate",
      "--model",
      models.resolve("Latam_flight_model.1.0.0.json").toString(),
      "--data",
      data.toString(),
      "--json"
    };
    String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return run(args);
  }

  private static long rowsOf(JsonNode evaluation) {
    return evaluation.path("classes").path("0").path("support").asLong()
        + evaluation.path("classes").path("1").path("support").asLong();
  }

  @Test
  void evaluateOnTheTrainingFileScoresOnlyTheRowsTheModelDidNotSee() throws IOException {
    assertThat(train("1.0.0").exitCode()).isZero();
    ModelCard card = ModelCards.read(models.resolve("Latam_flight_model.1.0.0.json"));

    Run held = evaluateOnTheTrainingFile();
    Run all = evaluateOnTheTrainingFile("--include-training-rows");

    assertThat(held.exitCode()).as(held.err()).isZero();
    JsonNode evaluation = new ObjectMapper().readTree(held.out());
    assertThat(rowsOf(evaluation)).isEqualTo(card.trainingData().heldOutRows());
    // The held-out rows are the ones training evaluated on: the same figure, through ONNX.
    assertThat(evaluation.path("roc_auc").asDouble())
        .isCloseTo(card.evaluation().rocAuc(), within(1e-4));
    assertThat(held.err())
        .contains("rows 1.0.0 was trained on")
        .contains("--include-training-rows");
    assertThat(rowsOf(new ObjectMapper().readTree(all.out()))).isEqualTo(1_500);
    assertThat(all.err()).contains("flatter");
  }

  @Test
  void evaluateOnTheTrainingFileOfATimeSplitKeepsTheLastThreeMonths() throws IOException {
    assertThat(train("1.0.0", "--split", "time").exitCode()).isZero();
    ModelCard card = ModelCards.read(models.resolve("Latam_flight_model.1.0.0.json"));

    Run held = evaluateOnTheTrainingFile();

    assertThat(held.exitCode()).as(held.err()).isZero();
    assertThat(rowsOf(new ObjectMapper().readTree(held.out())))
        .isEqualTo(card.trainingData().heldOutRows());
  }

  @Test
  void evaluateRefusesDataThatIsAllTrainingRows() throws IOException {
    Path other =
        FlightFixtures.writeRaw(dir.resolve("other.csv"), FlightFixtures.syntheticYear(600, 9));
    assertThat(train("1.0.0", "--test-data", other.toString()).exitCode()).isZero();

    Run result = evaluateOnTheTrainingFile();

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("every row of flights.csv is a row 1.0.0 was trained on");
  }

  @Test
  void timeSplitHoldsOutTheLastThreeMonths() {
    Run result = train("1.0.0", "--split", "time");

    assertThat(result.exitCode()).isZero();
    assertThat(
            ModelCards.read(models.resolve("Latam_flight_model.1.0.0.json")).trainingData().split())
        .isEqualTo("time: last three months held out");
  }

  @Test
  void refusesToReplaceAnExistingVersionWithoutForce() {
    assertThat(train("1.0.0").exitCode()).isZero();

    Run again = train("1.0.0");

    assertThat(again.exitCode()).isEqualTo(2);
    assertThat(again.err()).contains("exists").contains("--force");
    assertThat(train("1.0.0", "--force").exitCode()).isZero();
  }

  @Test
  void neverReplacesAVersionInTheModelStoreEvenWithForce() throws IOException {
    String home = System.getProperty("latam.home");
    // The project's Models/ is the --out folder: the service's model store.
    System.setProperty("latam.home", dir.toString());
    try {
      assertThat(train("1.0.0").exitCode()).isZero();
      Path card = models.resolve("Latam_flight_model.1.0.0.json");
      byte[] written = Files.readAllBytes(card);

      Run again = train("1.0.0", "--force", "--split", "time");

      assertThat(again.exitCode()).isEqualTo(2);
      assertThat(again.err()).contains("model store").contains("never changes");
      assertThat(Files.readAllBytes(card)).isEqualTo(written);
    } finally {
      if (home == null) {
        System.clearProperty("latam.home");
      } else {
        System.setProperty("latam.home", home);
      }
    }
  }

  @Test
  void refusesHeldOutDataThatWouldNotBeHeldOut() throws IOException {
    Path copy = Files.copy(raw, dir.resolve("copy.csv"));
    Path other =
        FlightFixtures.writeRaw(dir.resolve("other.csv"), FlightFixtures.syntheticYear(600, 9));

    Run same = train("1.0.0", "--test-data", copy.toString());
    Run split = train("1.0.0", "--test-data", other.toString(), "--split", "time");

    assertThat(same.exitCode()).isEqualTo(2);
    assertThat(same.err()).contains("--test-data holds the same rows as --data");
    assertThat(split.exitCode()).isEqualTo(2);
    assertThat(split.err()).contains("--split holds out rows of --data");
    assertThat(models.resolve("Latam_flight_model.1.0.0.json")).doesNotExist();
    // --seed still seeds the calibration's folds.
    assertThat(train("1.0.0", "--test-data", other.toString(), "--seed", "7").exitCode()).isZero();
    // Evaluated on its own test file, the model is not said to have trained on it.
    assertThat(evaluate(other).err()).doesNotContain("training file (");
  }

  @Test
  void refusesXgboostSettingsForALogisticRegression() {
    Run result = train("1.0.0", "--rounds", "5");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains("--rounds, --max-depth, --eta and --tree-method are xgboost's");
    assertThat(models.resolve("Latam_flight_model.1.0.0.json")).doesNotExist();
  }

  @Test
  void missingDataFileIsOneLineAndExitCodeTwo() {
    Run result =
        run(
            "train",
            "--algorithm",
            "logreg",
            "--features",
            "onehot37",
            "--format",
            "raw",
            "--data",
            dir.resolve("absent.csv").toString(),
            "--version",
            "1.0.0",
            "--out",
            models.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err().strip().lines()).hasSize(1);
    assertThat(result.err()).contains("absent.csv: no such file");
    assertThat(models).doesNotExist();
  }

  @Test
  void outputPlacesAreCheckedBeforeTheWorkAndAReportsFolderIsMade() throws IOException {
    Path file = Files.writeString(dir.resolve("not-a-folder"), "");

    // Refused before the data is read: it names no file that exists.
    Run intoAFile =
        run("train", "--features=onehot37", "--version=1.0.0", "--out=" + file, "--data=x.csv");

    assertThat(intoAFile.exitCode()).isEqualTo(2);
    assertThat(intoAFile.err()).contains("is a file: give a folder").doesNotContain("reading");
    assertThat(train("1.0.0").exitCode()).isZero();
    Path report = dir.resolve("reports").resolve("2026").resolve("1.0.0.html");
    Run evaluated = evaluate(raw, "--report", report.toString());
    assertThat(evaluated.exitCode()).as(evaluated.err()).isZero();
    assertThat(report).isNotEmptyFile();
  }

  @Test
  void aMisspeltRequiredOptionIsNamedAsUnknownWithTheRightSpelling() {
    // Refused before anything is read or written.
    Run result = run("train", "--featurs", "onehot37", "--version", "1.0.0", "--data", "x.csv");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains("Unknown option: '--featurs'")
        .contains("--features")
        .doesNotContain("Missing required option");
    assertThat(run("train", "--data", raw.toString()).err()).contains("Missing required options");
    // An optional one misspelt beside every required one.
    assertThat(train("1.0.0", "--forse").err())
        .contains("Unknown option: '--forse'")
        .contains("--force");
  }

  @Test
  void unknownAlgorithmIsOneLineAndExitCodeTwo() {
    Run result =
        run(
            "train",
            "--algorithm",
            "forest",
            "--features",
            "onehot37",
            "--format",
            "raw",
            "--data",
            raw.toString(),
            "--version",
            "1.0.0");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err().strip().lines()).hasSize(1);
    assertThat(result.err()).contains("forest");
  }

  @Test
  void richFeaturesFromOneHotFilesAreRefused() {
    Run result =
        run(
            "train",
            "--algorithm",
            "xgboost",
            "--features",
            "rich",
            "--format",
            "onehot",
            "--data",
            raw.toString(),
            "--labels",
            raw.toString(),
            "--version",
            "1.0.0");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--features rich needs --format raw");
  }

  @Test
  void aRichModelGivenOneHotFilesIsToldToReadRawFlights() throws IOException {
    Run rich = trainRich("2.0.0", 5);
    assertThat(rich.exitCode()).as(rich.err()).isZero();
    Path x = Files.writeString(dir.resolve("x.csv"), "0,1,0\n1,0,0\n");
    Path y = Files.writeString(dir.resolve("y.csv"), "1\n0\n");

    Run result =
        run(
            "evaluate",
            "--model",
            models.resolve("Latam_flight_model.2.0.0.json").toString(),
            "--format",
            "onehot",
            "--data",
            x.toString(),
            "--labels",
            y.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains("model 2.0.0 reads the rich features, which one-hot files do not hold")
        .contains("--format raw");
  }

  @Test
  void malformedRowIsReportedWithItsLine() throws IOException {
    Files.writeString(raw, Files.readString(raw).replaceFirst("2017-01-0", "2017-01-4"));

    Run result = train("1.0.0");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("line 2, column Fecha-I");
  }

  @Test
  void evaluateScoresEveryRowOfDataTheModelWasNotTrainedOn() throws IOException {
    assertThat(train("1.0.0").exitCode()).isZero();
    Path other =
        FlightFixtures.writeRaw(dir.resolve("other.csv"), FlightFixtures.syntheticYear(600, 9));

    Run result = evaluate(other);

    assertThat(result.exitCode()).isZero();
    assertThat(rowsOf(new ObjectMapper().readTree(result.out()))).isEqualTo(600);
    assertThat(result.err())
        .contains("other.csv is not 1.0.0's training file (flights.csv, by its digest)")
        .doesNotContain("rows 1.0.0 was trained on");
  }

  @Test
  void evaluateOnACopyOfTheTrainingFileSaysItsTrainingRowsCannotBeToldApart() throws IOException {
    assertThat(train("1.0.0").exitCode()).isZero();
    // The same flights with Windows line ends: other bytes, so another digest.
    Path copy =
        Files.writeString(
            dir.resolve("flights-crlf.csv"), Files.readString(raw).replace("\n", "\r\n"));

    Run result = evaluate(copy);

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(rowsOf(new ObjectMapper().readTree(result.out()))).isEqualTo(1_500);
    assertThat(result.err())
        .contains("flights-crlf.csv is not 1.0.0's training file (flights.csv, by its digest)");
    assertThat(evaluateOnTheTrainingFile().err()).doesNotContain("training file (");
  }

  @Test
  void compareNamesOnlyTheModelsTrainedOnTheRowsItLeavesOut() throws IOException {
    assertThat(train("1.0.0").exitCode()).isZero();
    Path other =
        FlightFixtures.writeRaw(dir.resolve("other.csv"), FlightFixtures.syntheticYear(600, 9));
    Run elsewhere =
        run(
            "train",
            "--algorithm",
            "logreg",
            "--features",
            "onehot37",
            "--data",
            other.toString(),
            "--version",
            "3.0.0",
            "--out",
            models.toString());
    assertThat(elsewhere.exitCode()).as(elsewhere.err()).isZero();

    Run result = compareOnTheTrainingFile("1.0.0", "3.0.0", 100);

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.err())
        .contains("are rows 1.0.0 was trained on")
        .doesNotContain("1.0.0 or 3.0.0")
        .contains("flights.csv is not 3.0.0's training file (other.csv, by its digest)")
        .doesNotContain("is not 1.0.0's");
  }

  @Test
  void evaluateRefusesAnUnknownCardFormat() throws IOException {
    assertThat(train("1.0.0").exitCode()).isZero();
    Path card = models.resolve("Latam_flight_model.1.0.0.json");
    Files.writeString(
        card, Files.readString(card).replace("\"format_version\" : 1", "\"format_version\" : 9"));

    Run result =
        run("evaluate", "--model", card.toString(), "--format", "raw", "--data", raw.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err().strip().lines()).hasSize(1);
    assertThat(result.err()).contains("format_version 9");
  }

  @Test
  void everyCommandHasHelpWhoseDescriptionWrapsAsOneParagraph() {
    for (String command : new String[] {"train", "evaluate", "compare", "predict", "replay"}) {
      Run result = run(command, "--help");
      assertThat(result.exitCode()).as(command).isZero();
      assertThat(result.out()).as(command).contains("Usage: latam " + command);
      assertThat(result.out() + result.err()).as(command).doesNotContain("WARN");
      // The description: the lines between the usage synopsis and the first option.
      List<String> description =
          result
              .out()
              .lines()
              .dropWhile(line -> line.startsWith("Usage:") || line.startsWith(" "))
              .takeWhile(line -> !line.startsWith(" "))
              .toList();
      assertThat(description).as(command).isNotEmpty();
      for (String line : description.subList(0, description.size() - 1)) {
        // Wrapped by picocli at 80 columns: only a paragraph's last line may be short.
        assertThat(line.length()).as(command + ": " + line).isGreaterThan(60);
      }
    }
  }

  @Test
  void predictCountsTheFlightsTheFallbackModelScored() throws IOException {
    assertThat(train("1.0.0").exitCode()).isZero();
    Path card = models.resolve("Latam_flight_model.1.0.0.json");
    Path out = dir.resolve("predictions.csv");

    Run alone =
        run(
            "predict",
            "--model",
            card.toString(),
            "--data",
            raw.toString(),
            "--out",
            out.toString());

    assertThat(alone.exitCode()).as(alone.err()).isZero();
    assertThat(alone.err()).contains("1,500 flights scored").doesNotContain("fallback");
    assertThat(Files.readAllLines(out)).hasSize(1_501);

    // A model that reads the airport's last hours cannot score the file's first flights: the
    // fallback does, and the count printed is of the rows that name the fallback's version.
    Run rich = trainRich("2.0.0", 20);
    assertThat(rich.exitCode()).as(rich.err()).isZero();
    Run withFallback =
        run(
            "predict",
            "--model",
            models.resolve("Latam_flight_model.2.0.0.json").toString(),
            "--fallback",
            card.toString(),
            "--data",
            raw.toString(),
            "--out",
            out.toString());

    assertThat(withFallback.exitCode()).as(withFallback.err()).isZero();
    long byFallback =
        Files.readAllLines(out).stream().skip(1).filter(row -> row.endsWith(",1.0.0")).count();
    assertThat(byFallback).isBetween(1L, 1_499L);
    assertThat(withFallback.err()).contains("(%,d by the fallback model)".formatted(byFallback));
  }
}
