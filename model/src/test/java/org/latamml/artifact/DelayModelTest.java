package org.latamml.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
  void rememberedScoresEqualOnnxRuntimesAndMixedBatchesKeepTheirOrder() {
    float[] rows = rows(300);
    double[] direct = model.run(rows, 300);

    double[] first = model.score(rows, 300);
    double[] again = model.score(rows, 300);
    float[] firstHalfAndNew = rows(350);
    double[] mixed = model.score(firstHalfAndNew, 350);

    assertThat(first).containsExactly(direct);
    assertThat(again).containsExactly(direct);
    assertThat(mixed).containsExactly(model.run(firstHalfAndNew, 350));
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
        .hasMessageContaining("must be float [N, 38]");
  }
}
