package org.latamml.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.latamml.features.DepartureBoard;
import org.latamml.features.Feature;
import org.latamml.features.FeatureEncoder;
import org.latamml.features.FeatureSets;
import org.latamml.features.FlightField;
import org.latamml.fixtures.FlightFixtures;
import org.latamml.flight.Flight;

class InputProfilerTest {

  @Test
  void cutsOneToAHundredHalfwayPastItsDeciles() {
    double[] values = new double[100];
    for (int i = 0; i < 100; i++) {
      values[i] = i + 1;
    }
    InputBins bins = InputProfiler.numberBins("x", values);
    assertEquals(List.of(10.5, 20.5, 30.5, 40.5, 50.5, 60.5, 70.5, 80.5, 90.5), bins.edges());
    bins.shares().forEach(share -> assertEquals(0.1, share, 1e-9));
  }

  @Test
  void repeatedValuesMakeFewerBinsAndNoneEmpty() {
    // 70 zeros, 20 ones, 10 fives: deciles 0 (seven times), 1, 1; cut halfway to the next value.
    double[] values = new double[100];
    for (int i = 70; i < 90; i++) {
      values[i] = 1;
    }
    for (int i = 90; i < 100; i++) {
      values[i] = 5;
    }
    InputBins bins = InputProfiler.numberBins("x", values);
    assertEquals(List.of(0.5, 3.0), bins.edges());
    assertEquals(List.of(0.7, 0.2, 0.1), bins.shares());
  }

  @Test
  void aSingleValueIsOneBin() {
    InputBins bins = InputProfiler.numberBins("x", new double[] {3, 3, 3});
    assertEquals(List.of(), bins.edges());
    assertEquals(List.of(1.0), bins.shares());
  }

  @Test
  void aValueOnAnEdgeFallsInTheBinBelowIt() {
    InputBins bins = new InputBins("x", List.of(1.0, 2.0), List.of(0.2, 0.3, 0.5), null);
    assertEquals(0, bins.binOf(0.5));
    assertEquals(0, bins.binOf(1.0));
    assertEquals(1, bins.binOf(1.5));
    assertEquals(1, bins.binOf(2.0));
    assertEquals(2, bins.binOf(2.5));
  }

  @Test
  void categoriesAreSharedLargestFirst() {
    InputBins bins =
        InputProfiler.categoryShares("airline", Map.of("Sky", 1L, "LATAM", 3L, "Avianca", 1L));
    assertEquals(List.of("LATAM", "Avianca", "Sky"), List.copyOf(bins.categories().keySet()));
    assertEquals(0.6, bins.categories().get("LATAM"));
    assertEquals(0.2, bins.categories().get("Sky"));
  }

  @Test
  void profilesEveryFieldTheInputsAreMadeOfAndTheScore() {
    List<Flight> flights = FlightFixtures.syntheticYear(2_000, 7);
    List<Feature> features = FeatureSets.rich(flights);
    InputProfile profile =
        InputProfiler.ofFlights(
            new FeatureEncoder(features),
            flights,
            DepartureBoard.of(flights),
            new double[] {0.1, 0.2, 0.3});
    assertEquals(2_000, profile.flights());
    assertEquals(
        InputProfiler.fieldsOf(features).stream().map(FlightField::key).toList(),
        profile.inputs().stream().map(InputBins::input).toList());
    long latam = flights.stream().filter(f -> f.airline().equals("Grupo LATAM")).count();
    assertEquals(
        latam / 2000.0, profile.input("airline").orElseThrow().categories().get("Grupo LATAM"));
    InputBins hours = profile.input("hour").orElseThrow();
    long beforeSix = flights.stream().filter(f -> f.scheduledDeparture().getHour() <= 2).count();
    assertEquals(beforeSix / 2000.0, hours.shares().get(0), 1e-6);
    assertEquals(2.5, hours.edges().get(0));
    // The scores as the served graph gives them: floats.
    assertEquals(((double) 0.1f + 0.2f) / 2, profile.score().edges().get(0), 1e-12);
    assertEquals(((double) 0.2f + 0.3f) / 2, profile.score().edges().get(1), 1e-12);
  }

  @Test
  void oneHotRowsGiveBackTheirCategoriesAndLevels() {
    List<Feature> features = FeatureSets.onehot37();
    FeatureEncoder encoder = new FeatureEncoder(features);
    List<Flight> flights =
        List.of(
            FlightFixtures.flight().airline("Sky Airline").scheduled("2017-07-01 10:00").build(),
            FlightFixtures.flight().airline("Sky Airline").scheduled("2017-07-02 10:00").build(),
            FlightFixtures.flight().airline("Grupo LATAM").scheduled("2017-12-03 10:00").build(),
            FlightFixtures.flight()
                .airline("Qantas Airways")
                .scheduled("2017-01-03 10:00")
                .build());
    float[][] rows = encoder.encodeAll(flights, DepartureBoard.of(flights));
    rows[3] = new float[37];

    InputProfile profile = InputProfiler.ofRows(features, rows, new double[] {0.5});

    Map<String, Double> airlines = profile.input("airline").orElseThrow().categories();
    assertEquals(
        Map.of("Sky Airline", 0.5, "Grupo LATAM", 0.25, InputProfiler.OTHER, 0.25), airlines);
    // The row with no month column set has no month: two of three in July.
    InputBins months = profile.input("month").orElseThrow();
    assertEquals(List.of(9.5), months.edges());
    assertEquals(List.of(0.666667, 0.333333), months.shares(), "shares, to six decimals");
  }

  @Test
  void refusesBinsWhoseSharesDoNotAddUp() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new InputBins("x", List.of(1.0), List.of(0.2, 0.2), null));
    assertThrows(
        IllegalArgumentException.class,
        () -> new InputBins("x", List.of(2.0, 1.0), List.of(0.2, 0.2, 0.6), null));
    assertThrows(IllegalArgumentException.class, () -> new InputBins("x", null, null, null));
  }
}
