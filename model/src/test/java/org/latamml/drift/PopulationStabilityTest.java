package org.latamml.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PopulationStabilityTest {
  private static final InputBins HALVES = new InputBins("x", List.of(0.5), List.of(0.5, 0.5), null);

  @Test
  void theSameSpreadHasNoDrift() {
    InputDrift drift =
        PopulationStability.ofNumbers(HALVES, 1_000, new double[] {0.2, 0.7, 0.1, 0.9});
    assertEquals(0.0, drift.psi(), 1e-12);
    assertFalse(drift.drifted());
    assertEquals(4, drift.flights());
  }

  @Test
  void measuresTheIndexByHand() {
    // Four and one flights in two halves, each drawn towards 0.5 by half a flight: 0.75 and 0.25.
    double[] values = {0.1, 0.2, 0.3, 0.4, 0.9};
    InputDrift drift = PopulationStability.ofNumbers(HALVES, 1_000, values);
    assertEquals(0.25 * Math.log(1.5) - 0.25 * Math.log(0.5), drift.psi(), 1e-12);
    assertEquals(
        List.of("(-inf, 0.5]", "(0.5, inf)"),
        drift.bins().stream().map(InputDrift.Bin::bin).toList());
    assertEquals(0.8, drift.bins().get(0).observed(), 1e-12);
    assertEquals(PopulationStability.byChance(1) / 5, drift.psiByChance(), 1e-12);
  }

  @Test
  void aBinEmptyInTheWindowIsDrawnTowardsItsShare() {
    InputDrift drift = PopulationStability.ofNumbers(HALVES, 1_000, new double[] {0.1, 0.2});
    double low = 2.5 / 3;
    double high = 0.5 / 3;
    assertEquals(
        (low - 0.5) * Math.log(low / 0.5) + (high - 0.5) * Math.log(high / 0.5),
        drift.psi(),
        1e-12);
    assertEquals(0.0, drift.bins().get(1).observed());
  }

  @Test
  void chanceLevelIsTheChiSquaredPercentileOrALittleAbove() {
    assertEquals(10.828 * 1.015, PopulationStability.byChance(1), 10.828 * 0.02);
    assertEquals(27.877, PopulationStability.byChance(9), 27.877 * 0.01);
    assertEquals(45.315, PopulationStability.byChance(20), 45.315 * 0.01);
    assertEquals(0.0, PopulationStability.byChance(0));
  }

  @Test
  void unknownCategoriesAreCountedListedAndDrift() {
    InputBins airlines = new InputBins("airline", null, null, Map.of("LATAM", 0.6, "Sky", 0.4));
    List<String> window = new ArrayList<>();
    window.addAll(Collections.nCopies(30, "LATAM"));
    window.addAll(Collections.nCopies(40, "Sky"));
    window.addAll(Collections.nCopies(20, "LATAM Airlines Group"));
    window.addAll(Collections.nCopies(10, "Arajet"));

    InputDrift drift = PopulationStability.ofCategories(airlines, 1_000, window);

    assertEquals(
        List.of(
            new InputDrift.UnknownValue("LATAM Airlines Group", 20),
            new InputDrift.UnknownValue("Arajet", 10)),
        drift.unknown());
    InputDrift.Bin unknown = drift.bins().get(drift.bins().size() - 1);
    assertEquals(PopulationStability.UNKNOWN, unknown.bin());
    assertEquals(0.3, unknown.observed(), 1e-12);
    double latam = 30.6 / 101;
    double sky = 40.4 / 101;
    double unseen = 30.0 / 101;
    double expected =
        (latam - 0.6) * Math.log(latam / 0.6)
            + (sky - 0.4) * Math.log(sky / 0.4)
            + (unseen - 0.0005) * Math.log(unseen / 0.0005);
    assertEquals(expected, drift.psi(), 1e-12);
    assertTrue(drift.drifted());
  }

  @Test
  void categoriesUnderOnePercentAreComparedTogether() {
    Map<String, Double> shares = new LinkedHashMap<>();
    shares.put("big", 0.985);
    shares.put("rare1", 0.005);
    shares.put("rare2", 0.005);
    shares.put("rare3", 0.005);
    InputBins destinations = new InputBins("destination", null, null, shares);
    List<String> window = new ArrayList<>(Collections.nCopies(197, "big"));
    window.addAll(List.of("rare1", "rare3", "rare3"));

    InputDrift drift = PopulationStability.ofCategories(destinations, 10_000, window);

    assertEquals(
        List.of("big", PopulationStability.OTHERS),
        drift.bins().stream().map(InputDrift.Bin::bin).toList());
    assertEquals(0.015, drift.bins().get(1).expected(), 1e-12);
    assertEquals(0.015, drift.bins().get(1).observed(), 1e-12);
    assertEquals(0.0, drift.psi(), 1e-12);
    assertTrue(drift.unknown().isEmpty());
  }

  @Test
  void aSmallSampleOfTheSameSpreadStaysWithinWhatChanceGives() {
    InputBins deciles = InputProfiler.numberBins("x", new Random(1).doubles(10_000).toArray());
    Random random = new Random(2);
    int drifted = 0;
    for (int trial = 0; trial < 200; trial++) {
      InputDrift drift =
          PopulationStability.ofNumbers(deciles, 10_000, random.doubles(40).toArray());
      assertTrue(drift.psi() > 0);
      drifted += drift.drifted() ? 1 : 0;
    }
    // 40 flights over 10 bins: the index itself often passes 0.2, but not chance's level.
    assertEquals(0, drifted);
  }

  @Test
  void aProfileReadFromOneHotRowsCountsValuesWithoutAColumnAsOther() {
    InputBins airlines =
        new InputBins(
            "airline", null, null, Map.of("LATAM", 0.6, "Sky", 0.3, InputProfiler.OTHER, 0.1));

    InputDrift drift =
        PopulationStability.ofCategories(airlines, 1_000, List.of("LATAM", "Qantas", "Sky"));

    assertTrue(drift.unknown().isEmpty());
    assertEquals(
        1.0 / 3,
        drift.bins().stream()
            .filter(b -> b.bin().equals(InputProfiler.OTHER))
            .findFirst()
            .orElseThrow()
            .observed(),
        1e-12);
  }

  @Test
  void aBinTrainingLeftEmptyGivesAFiniteIndex() {
    InputBins edited = new InputBins("x", List.of(0.5), List.of(1.0, 0.0), null);

    InputDrift drift = PopulationStability.ofNumbers(edited, 1_000, new double[] {0.9});

    assertTrue(Double.isFinite(drift.psi()));
    assertTrue(drift.psi() > 1);
  }

  @Test
  void noFlightsIsNotMeasured() {
    InputDrift drift = PopulationStability.ofNumbers(HALVES, 1_000, new double[0]);
    assertNull(drift.psi());
    assertEquals("no flights in the window", drift.note());
  }
}
