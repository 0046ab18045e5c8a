package org.latamml.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latamml.drift.InputProfiler;
import org.latamml.evaluation.Evaluator;
import org.latamml.evaluation.Slice;
import org.latamml.evaluation.Slices;
import org.latamml.features.FeatureSets;

class ModelCardsTest {
  @TempDir Path dir;

  static ModelCard card(String version) {
    return new ModelCard(
        ModelCard.FORMAT_VERSION,
        version,
        "logreg",
        Map.of("C", 1.0),
        FeatureSets.ONEHOT37,
        FeatureSets.onehot37(),
        OnnxSignature.TRAINER,
        0.5,
        null,
        null,
        null,
        new TrainingData(
            "onehot", List.of("x.csv", "y.csv"), "ab", 10, 5, "test files", TrainingRows.all()),
        Evaluator.evaluate(new int[] {0, 1}, new double[] {0.2, 0.7}, 0.5),
        new Slices(
            List.of(new Slice("Sky Airline", 120, 0.2, 0.21, 0.7, 0.15, 0.5, 0.4)),
            List.of(new Slice("03 Mar", 110, 0.0, 0.12, null, 0.02, 0, 0))),
        InputProfiler.ofRows(FeatureSets.onehot37(), new float[][] {month(3)}, new double[] {0.2}),
        List.of(new Probe(new float[37], 0.25)),
        "2026-11-26T00:00:00Z",
        Map.of("tribuo", "4.3.2"));
  }

  @Test
  void roundTripsThroughJson() throws IOException {
    Path file = dir.resolve("card.json");
    ModelCards.write(card("1.2.3"), file);

    ModelCard read = ModelCards.read(file);

    assertThat(read.version()).isEqualTo("1.2.3");
    assertThat(read.features()).isEqualTo(FeatureSets.onehot37());
    assertThat(read.evaluation().confusionMatrix())
        .isEqualTo(card("1.2.3").evaluation().confusionMatrix());
    assertThat(read.profile()).isEqualTo(card("1.2.3").profile());
    assertThat(read.slices()).isEqualTo(card("1.2.3").slices());
    assertThat(read.profile().input("month").orElseThrow().shares()).containsExactly(1.0);
    assertThat(Files.readString(file))
        .contains("\"format_version\" : 1", "\"roc_auc\"", "\"source\" : \"airline\"");
  }

  @Test
  void refusesAnUnknownFormatVersionByName() throws IOException {
    String json =
        ModelCards.toJson(card("1.0.0"))
            .replace("\"format_version\" : 1", "\"format_version\" : 2");

    assertThatThrownBy(() -> ModelCards.parse("card.json", json))
        .isInstanceOf(ModelArtifactException.class)
        .hasMessage(
            "model card card.json has format_version 2, which this build does not know; it reads format 1 only");
  }

  @Test
  void refusesACardWithoutFormatVersion() {
    assertThatThrownBy(() -> ModelCards.parse("c.json", "{\"version\": \"1\"}"))
        .hasMessageContaining("has no format_version");
  }

  @Test
  void refusesAnUnknownFeatureSource() {
    String json =
        ModelCards.toJson(card("1.0.0"))
            .replace("\"source\" : \"airline\"", "\"source\" : \"weather\"");

    assertThatThrownBy(() -> ModelCards.parse("c.json", json))
        .isInstanceOf(ModelArtifactException.class)
        .hasMessageContaining("unknown flight field 'weather'");
  }

  @Test
  void anOnnxGraphOrBinaryFileGivenAsACardIsSaidSo() throws IOException {
    Path graph =
        Files.write(dir.resolve("Latam_flight_model.2.1.0.onnx"), new byte[] {8, 7, (byte) 0xff});
    Path binary = Files.write(dir.resolve("card.json"), new byte[] {'{', (byte) 0xff, '}'});

    assertThatThrownBy(() -> ModelCards.read(graph))
        .isInstanceOf(ModelArtifactException.class)
        .hasMessageContaining(
            "is a model's ONNX graph: give its card, Latam_flight_model.2.1.0.json");
    assertThatThrownBy(() -> ModelCards.read(binary))
        .isInstanceOf(ModelArtifactException.class)
        .hasMessageContaining("is not UTF-8 text")
        .hasMessageNotContaining("java.nio");
  }

  @Test
  void refusesBrokenJson() {
    assertThatThrownBy(() -> ModelCards.parse("c.json", "{\"format_version\": 1,"))
        .isInstanceOf(ModelArtifactException.class)
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void aCutCardIsPlacedByLineAndColumnWithoutJacksonsWordsForItsSource() {
    assertThatThrownBy(() -> ModelCards.parse("c.json", "{\"format_version\": 1, \"probes\": [1"))
        .isInstanceOf(ModelArtifactException.class)
        .hasMessageContaining("not valid JSON")
        .hasMessageContaining("start marker at line 1, column 33")
        .hasMessageNotContaining("Source")
        .hasMessageNotContaining("`");
    String deep = "[".repeat(1_001) + "]".repeat(1_001);
    assertThatThrownBy(() -> ModelCards.parse("c.json", "{\"format_version\": " + deep + "}"))
        .isInstanceOf(ModelArtifactException.class)
        .hasMessageContaining("nesting depth")
        .hasMessageNotContaining("StreamReadConstraints")
        .hasMessageNotContaining("`");
  }

  /** A valid card's text, as ModelCards writes it. */
  private String writtenCard() throws IOException {
    Path file = dir.resolve("card.json");
    ModelCards.write(card("1.2.3"), file);
    return Files.readString(file);
  }

  @Test
  void aValueTheCardRefusesIsNamedInItsWordsNotJacksons() throws IOException {
    String shipped = writtenCard();
    String tooHigh = shipped.replaceFirst("\"threshold\" : [0-9.]+", "\"threshold\" : 1.5");
    assertThat(tooHigh).isNotEqualTo(shipped);

    assertThatThrownBy(() -> ModelCards.parse("c.json", tooHigh))
        .isInstanceOf(ModelArtifactException.class)
        .hasMessageContaining("threshold")
        .hasMessageNotContaining("org.latamml")
        .hasMessageNotContaining("Cannot construct");
    assertThatThrownBy(
            () -> ModelCards.parse("c.json", "{\"format_version\": 1, \"threshold\": NaN}"))
        .isInstanceOf(ModelArtifactException.class)
        .hasMessageContaining("not valid JSON")
        .hasMessageContaining("NaN")
        .hasMessageContaining("(line 1, column")
        .hasMessageNotContaining("`");
  }

  @Test
  void anEvaluationWithoutItsFiguresIsRefusedNamingTheFirstMissing() throws IOException {
    String shipped = writtenCard();
    // scikit-learn's report spells f1 "f1-score": read as 0, it would have passed unseen.
    String withoutRocAuc = shipped.replaceFirst("\"roc_auc\" : [0-9.E-]+,", "");
    String sklearnsF1 = shipped.replace("\"f1\" :", "\"f1-score\" :");
    assertThat(withoutRocAuc).isNotEqualTo(shipped);
    assertThat(sklearnsF1).isNotEqualTo(shipped);

    assertThatThrownBy(() -> ModelCards.parse("c.json", withoutRocAuc))
        .isInstanceOf(ModelArtifactException.class)
        .hasMessageContaining("'evaluation.roc_auc' is missing")
        .hasMessageNotContaining("creator");
    assertThatThrownBy(() -> ModelCards.parse("c.json", sklearnsF1))
        .isInstanceOf(ModelArtifactException.class)
        .hasMessageContaining("'evaluation.classes.0.f1' is missing");
  }

  @Test
  void aCardWithAKeyTwiceOrSomethingAfterItIsRefused() throws IOException {
    String written = writtenCard();

    assertThatThrownBy(() -> ModelCards.parse("c.json", written + " {}"))
        .isInstanceOf(ModelArtifactException.class);
    assertThatThrownBy(() ->
            ModelCards.parse("c.json", written.replaceFirst("\\{", "{\"version\": \"9.9.9\",")))
        .isInstanceOf(ModelArtifactException.class)
        .hasMessageContaining("version");
    assertThatThrownBy(
            () -> ModelCards.parse("c.json", written.replace("\"version\" : \"1.2.3\",", "")))
        .isInstanceOf(ModelArtifactException.class)
        .hasMessageContaining("'version' is missing");
  }

  @Test
  void missingCardIsNamed() {
    assertThatThrownBy(() -> ModelCards.read(dir.resolve("none.json")))
        .hasMessageContaining("none.json does not exist");
  }

  private static float[] month(int month) {
    float[] row = new float[37];
    row[24 + month] = 1;
    return row;
  }
}
