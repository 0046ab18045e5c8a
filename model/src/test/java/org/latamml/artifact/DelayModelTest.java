package org.latamml.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latamml.features.FlightContext;
import org.latamml.fixtures.FlightFixtures;
import org.latamml.flight.Flight;

/** The shipped model 1.0.0, loaded as the service loads it. */
class DelayModelTest {
  private static final Path SHIPPED =
      Path.of(System.getProperty("latam.home", ".."), "Models", "Latam_flight_model.1.0.0.json");

  @TempDir Path dir;
  private DelayModel model;

  @BeforeEach
  void load() {
    model = DelayModel.load(SHIPPED);
  }

  @AfterEach
  void close() {
    model.close();
  }

  private float[] rows(int count) {
    int width = model.encoder().width();
    float[] rows = new float[count * width];
    var flights = FlightFixtures.syntheticYear(count, 11);
    for (int i = 0; i < count; i++) {
      model.encoder().encode(flights.get(i), FlightContext.NONE, rows, i * width);
    }
    return rows;
  }

  @Test
  void aBatchScoresEachRowAsItScoresAlone() {
    float[] rows = rows(50);
    int width = model.encoder().width();

    double[] batch = model.score(rows, 50);

    for (int i = 0; i < 50; i++) {
      float[] row = java.util.Arrays.copyOfRange(rows, i * width, (i + 1) * width);
      assertThat(batch[i]).as("row %d", i).isCloseTo(model.score(row), within(1e-7));
    }
  }

  @Test
  void aRetiredModelClosesOnlyAfterItsLastRequestAndTakesNoNewOne() {
    assertThat(model.tryAcquire()).isTrue();
    assertThat(model.tryAcquire()).isTrue();

    model.retire();

    assertThat(model.isClosed()).isFalse();
    assertThat(model.tryAcquire()).isFalse();
    model.release();
    assertThat(model.score(rows(1), 1)).hasSize(1);
    model.release();
    assertThat(model.isClosed()).isTrue();
    assertThatThrownBy(() -> model.score(rows(1), 1))
        .isInstanceOf(ModelArtifactException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void aModelRetiredWithNoRequestClosesAtOnce() {
    model.retire();

    assertThat(model.isClosed()).isTrue();
    assertThat(model.tryAcquire()).isFalse();
  }

  @Test
  void aCardWhoseProbeTheGraphDoesNotReproduceIsRefusedNamingTheRowAndBothProbabilities()
      throws IOException {
    float[] row = rows(1);
    double graph = model.score(row, 1)[0];
    ModelCard card =
        model
            .card()
            .withProbes(java.util.List.of(new Probe(row, graph), new Probe(row, graph + 2e-6)));
    Path copy = dir.resolve("Latam_flight_model.1.0.0.json");
    ModelCards.write(card, copy);
    Files.copy(ModelDirectory.onnxBeside(SHIPPED), ModelDirectory.onnxBeside(copy));

    try (DelayModel probed = DelayModel.load(copy)) {
      assertThatThrownBy(probed::checkProbes)
          .isInstanceOf(ModelArtifactException.class)
          .hasMessageContaining("probe 1")
          .hasMessageContaining(Double.toString(graph + 2e-6))
          .hasMessageContaining(Double.toString(graph));
    }
  }

  @Test
  void delayedMeansAtOrAboveTheCardsThreshold() {
    double threshold = model.card().threshold();

    assertThat(model.isDelayed(threshold)).isTrue();
    assertThat(model.isDelayed(Math.nextDown(threshold))).isFalse();
  }

  @Test
  void julyEveningInternationalLatamIsLikelierDelayedThanAFebruaryNationalSkyFlight() {
    Flight july = FlightFixtures.flight().scheduled("2017-07-14 19:00").build();
    Flight february =
        FlightFixtures.flight()
            .airline("Sky Airline")
            .type(org.latamml.flight.FlightType.NATIONAL)
            .scheduled("2017-02-03 07:30")
            .build();

    double julyScore = model.score(model.encoder().encode(july, FlightContext.NONE));
    double februaryScore = model.score(model.encoder().encode(february, FlightContext.NONE));

    assertThat(julyScore).isGreaterThan(februaryScore);
  }

  @Test
  void aCardWhoseOnnxFileIsMissingIsRefusedByName() throws IOException {
    Path card = dir.resolve("Latam_flight_model.2.0.0.json");
    Files.copy(SHIPPED, card);

    assertThatThrownBy(() -> DelayModel.load(card))
        .isInstanceOf(ModelArtifactException.class)
        .hasMessageContaining("Latam_flight_model.2.0.0.onnx does not exist");
  }

  @Test
  void aCardCopiedUnderAnotherVersionsNameIsRefusedUntilItsVersionIsChanged() throws IOException {
    Path card = dir.resolve("Latam_flight_model.9.9.9.json");
    Files.copy(SHIPPED, card);
    Files.copy(ModelDirectory.onnxBeside(SHIPPED), ModelDirectory.onnxBeside(card));

    assertThatThrownBy(() -> DelayModel.load(card))
        .isInstanceOf(ModelArtifactException.class)
        .hasMessageContaining("says version 1.0.0 where its file's name says 9.9.9");

    Files.writeString(
        card,
        Files.readString(SHIPPED).replace("\"version\" : \"1.0.0\"", "\"version\" : \"9.9.9\""));
    try (DelayModel renamed = DelayModel.load(card)) {
      assertThat(renamed.version()).isEqualTo("9.9.9");
    }
  }

  @Test
  void aCardWithMoreFeaturesThanTheOnnxInputIsRefused() throws IOException {
    Path card = dir.resolve("Latam_flight_model.1.0.0.json");
    Files.writeString(
        card,
        Files.readString(SHIPPED)
            .replace(
                "\"features\" : [ {",
                "\"features\" : [ {\"name\": \"hour\", \"source\": \"hour\"}, {"));
    Files.copy(
        SHIPPED.resolveSibling("Latam_flight_model.1.0.0.onnx"),
        dir.resolve("Latam_flight_model.1.0.0.onnx"));

    assertThatThrownBy(() -> DelayModel.load(card))
        .isInstanceOf(ModelArtifactException.class)
        .hasMessageContaining("must be float [N, 38]")
        .hasMessageContaining("but is float [-1, 37]")
        .hasMessageNotContaining("TensorInfo");
  }

  @Test
  void aGraphOnnxRuntimeCannotLoadIsNamedWithoutTheRuntimesSourceOrCodes() throws IOException {
    Path card = dir.resolve("Latam_flight_model.1.0.0.json");
    Files.copy(SHIPPED, card);
    Files.write(dir.resolve("Latam_flight_model.1.0.0.onnx"), new byte[0]);

    assertThatThrownBy(() -> DelayModel.load(card))
        .isInstanceOf(ModelArtifactException.class)
        .hasMessageContaining("is not a valid ONNX model")
        .hasMessageContaining("does not have a graph")
        .hasMessageNotContaining("onnxruntime_src")
        .hasMessageNotContaining("onnxruntime::")
        .hasMessageNotContaining("Error code");
  }
}
