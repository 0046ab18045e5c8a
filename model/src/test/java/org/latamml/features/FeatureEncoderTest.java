package org.latamml.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.latamml.fixtures.FlightFixtures;
import org.latamml.fixtures.SharedData;
import org.latamml.flight.Flight;
import org.latamml.flight.FlightType;
import org.latamml.flight.RawFlightReader;

class FeatureEncoderTest {
  private final FeatureEncoder onehot37 = new FeatureEncoder(FeatureSets.onehot37());

  @Test
  void onehot37HasThePrototypesColumnOrder() {
    List<String> names = onehot37.features().stream().map(Feature::name).toList();

    assertThat(names).hasSize(37);
    assertThat(names.get(0)).isEqualTo("airline=Aerolineas Argentinas");
    assertThat(names.get(12)).isEqualTo("airline=Grupo LATAM");
    assertThat(names.get(23)).isEqualTo("flight_type=I");
    assertThat(names.get(24)).isEqualTo("flight_type=N");
    assertThat(names.get(25)).isEqualTo("month=1");
    assertThat(names.get(36)).isEqualTo("month=12");
  }

  @Test
  void onehot37SetsExactlyAirlineTypeAndMonth() {
    Flight flight =
        FlightFixtures.flight()
            .airline("Sky Airline")
            .type(FlightType.NATIONAL)
            .scheduled("2017-07-15 08:00")
            .build();

    float[] row = onehot37.encode(flight, FlightContext.NONE);

    assertThat(ones(row)).containsExactly(21, 24, 25 + 6);
  }

  @Test
  void unknownAirlineLeavesTheAirlineColumnsZero() {
    float[] row =
        onehot37.encode(FlightFixtures.flight().airline("New Air").build(), FlightContext.NONE);

    assertThat(ones(row)).allMatch(i -> i >= 23).hasSize(2);
  }

  @Test
  void numericFeaturesTakeTheFlightsAndContextsValues() {
    FeatureEncoder encoder =
        new FeatureEncoder(
            List.of(
                Feature.numeric(FlightField.HOUR),
                Feature.numeric(FlightField.WEEKDAY),
                Feature.numeric(FlightField.DELAY_RATE_1_TO_3H_BEFORE),
                Feature.numeric(FlightField.FLIGHT_DELAY_RATE_28D_BEFORE)));
    Flight wednesday = FlightFixtures.flight().scheduled("2017-03-01 18:40").build();

    float[] row =
        encoder.encode(
            wednesday,
            new FlightContext(4, 10, 0.3, 12, 0.2, 0.5, 9, 0.25, 8, 0.2, 0.1, 0.4, 0.75));

    assertThat(row).containsExactly(18f, 3f, 0.3f, 0.75f);
    assertThat(encoder.needsContext()).isTrue();
    assertThat(onehot37.sources())
        .containsExactlyInAnyOrder(FlightField.AIRLINE, FlightField.FLIGHT_TYPE, FlightField.MONTH);
    assertThat(onehot37.needsContext()).isFalse();
  }

  @Test
  void rejectsRepeatedFeatureNames() {
    Feature hour = Feature.numeric(FlightField.HOUR);

    assertThatThrownBy(() -> new FeatureEncoder(List.of(hour, hour)))
        .hasMessageContaining("'hour' appears twice");
  }

  @Test
  void rejectsCategoryUsedAsNumber() {
    assertThatThrownBy(() -> Feature.numeric(FlightField.AIRLINE))
        .hasMessageContaining("airline is a category");
  }

  @Test
  void encodingTheRawDataGivesThePrototypesColumnSums() throws IOException {
    Path raw = SharedData.require("raw/dataset_SCL.csv");
    long[] expected = new long[37];
    for (String part : List.of("train", "test")) {
      Path x = SharedData.require("seed/x_" + part + ".csv");
      try (BufferedReader reader = Files.newBufferedReader(x)) {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          String[] cells = line.split(",", -1);
          for (int i = 0; i < 37; i++) {
            expected[i] += cells[i].charAt(0) - '0';
          }
        }
      }
    }
    long[] sums = new long[37];
    for (Flight flight : new RawFlightReader().readAll(raw)) {
      float[] row = onehot37.encode(flight, FlightContext.NONE);
      for (int i = 0; i < 37; i++) {
        sums[i] += (long) row[i];
      }
    }

    // Airlines and types match exactly; the prototype took the month of operation (MES), we take
    // the scheduled month, which differs for 9 flights around midnight at a month's end.
    for (int i = 0; i < 25; i++) {
      assertThat(sums[i]).as("column %d", i).isEqualTo(expected[i]);
    }
    for (int i = 25; i < 37; i++) {
      assertThat(sums[i])
          .as("month column %d", i)
          .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(9L));
    }
  }

  private static List<Integer> ones(float[] row) {
    return java.util.stream.IntStream.range(0, row.length)
        .filter(i -> row[i] == 1f)
        .boxed()
        .toList();
  }
}
