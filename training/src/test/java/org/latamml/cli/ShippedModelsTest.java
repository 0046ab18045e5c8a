package org.latamml.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latamml.artifact.ModelCard;
import org.latamml.artifact.ModelCards;
import org.latamml.artifact.ModelDirectory;
import org.latamml.fixtures.SharedData;

/**
 * The models in {@code Models/} are what README.md's commands make, byte for byte, from the real
 * data: a model in the repository can always be traced to its data and settings.
 */
class ShippedModelsTest {
  private static final Path HOME = Path.of(System.getProperty("latam.home", ".."));
  private static final ModelDirectory SHIPPED = new ModelDirectory(HOME.resolve("Models"));

  @TempDir Path out;

  private void assertShippedIsRetrained(String version, String... args) throws IOException {
    StringWriter err = new StringWriter();
    String[] command = new String[args.length + 5];
    command[0] = "train";
    System.arraycopy(args, 0, command, 1, args.length);
    command[args.length + 1] = "--version";
    command[args.length + 2] = version;
    command[args.length + 3] = "--out";
    command[args.length + 4] = out.toString();

    int code =
        LatamCli.execute(command, new PrintWriter(new StringWriter()), new PrintWriter(err, true));

    assertThat(code).as(err.toString()).isZero();
    ModelDirectory fresh = new ModelDirectory(out);
    assertThat(Files.readAllBytes(SHIPPED.onnx(version)))
        .isEqualTo(Files.readAllBytes(fresh.onnx(version)));
    ModelCard shipped = ModelCards.read(SHIPPED.card(version));
    ModelCard retrained = ModelCards.read(fresh.card(version));
    assertThat(shipped.threshold()).isEqualTo(retrained.threshold());
    assertThat(shipped.calibration()).isEqualTo(retrained.calibration());
    assertThat(shipped.evaluation()).isEqualTo(retrained.evaluation());
    assertThat(shipped.profile()).isNotNull().isEqualTo(retrained.profile());
    assertThat(shipped.slices()).isNotNull().isEqualTo(retrained.slices());
    // Rows are arrays, which a record compares by reference: compared as the card writes them.
    com.fasterxml.jackson.databind.JsonNode shippedProbes =
        ModelCards.JSON.valueToTree(shipped.probes());
    com.fasterxml.jackson.databind.JsonNode retrainedProbes =
        ModelCards.JSON.valueToTree(retrained.probes());
    assertThat(shippedProbes).isEqualTo(retrainedProbes);
    com.fasterxml.jackson.databind.JsonNode shippedTrees =
        ModelCards.JSON.valueToTree(shipped.treeTerms());
    com.fasterxml.jackson.databind.JsonNode retrainedTrees =
        ModelCards.JSON.valueToTree(retrained.treeTerms());
    assertThat(shippedTrees).isEqualTo(retrainedTrees);
    assertThat(shipped.probes()).hasSize(8);
  }

  @Test
  void calibratedOneHotModelIsWhatTheReadmesCommandMakes() throws IOException {
    Path seed = SharedData.require("seed/x_train.csv").getParent();
    assertShippedIsRetrained(
        "1.1.0",
        "--algorithm",
        "logreg",
        "--features",
        "onehot37",
        "--format",
        "onehot",
        "--data",
        seed.resolve("x_train.csv").toString(),
        "--labels",
        seed.resolve("y_train.csv").toString(),
        "--test-data",
        seed.resolve("x_test.csv").toString(),
        "--test-labels",
        seed.resolve("y_test.csv").toString(),
        "--threshold-for",
        "recall=0.64");
  }

  @Test
  void richModelIsWhatItsFeatureSetsDefaultsMake() throws IOException {
    assertShippedIsRetrained(
        "2.0.0",
        "--features",
        "rich",
        "--data",
        SharedData.require("raw/dataset_SCL.csv").toString());
  }

  @Test
  void theVersionFileServesTheRichModel() {
    // The store's departures give it the airport's last hours; flights without them fall back to
    // 1.1.0, which needs only the schedule (README.md, "The fallback model").
    String served = ModelDirectory.readServedVersion(HOME.resolve("version.txt"));

    assertThat(served).isEqualTo("2.0.0");
    assertThat(ModelCards.read(SHIPPED.card(served)).featureSet()).isEqualTo("rich");
    assertThat(ModelCards.read(SHIPPED.card("1.1.0")).featureSet()).isEqualTo("onehot37");
  }
}
