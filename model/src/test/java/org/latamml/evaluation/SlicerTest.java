package org.latamml.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SlicerTest {

  /** Rows of one airline and month, every third delayed, with a probability that ranks them. */
  private record Rows(List<String> airlines, List<Integer> months, List<Integer> labels) {
    Rows() {
      this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    }

    Rows add(String airline, int month, int count, boolean anyDelayed) {
      for (int i = 0; i < count; i++) {
        airlines.add(airline);
        months.add(month);
        labels.add(anyDelayed && i % 3 == 0 ? 1 : 0);
      }
      return this;
    }

    int[] labelArray() {
      return labels.stream().mapToInt(Integer::intValue).toArray();
    }

    double[] probabilities() {
      return IntStream.range(0, labels.size())
          .mapToDouble(i -> labels.get(i) == 1 ? 0.3 + (i % 7) / 10.0 : 0.1 + (i % 5) / 10.0)
          .toArray();
    }

    Slices slices() {
      return Slicer.of(
          labelArray(),
          probabilities(),
          airlines,
          months.stream().mapToInt(Integer::intValue).toArray(),
          0.5);
    }
  }

  @Test
  void airlinesComeLargestFirstAndMonthsInCalendarOrder() {
    Slices slices =
        new Rows().add("Sky Airline", 11, 150, true).add("Grupo LATAM", 3, 300, true).slices();

    assertThat(slices.byAirline())
        .extracting(Slice::name)
        .containsExactly("Grupo LATAM", "Sky Airline");
    assertThat(slices.byMonth()).extracting(Slice::name).containsExactly("03 Mar", "11 Nov");
    assertThat(slices.byAirline()).extracting(Slice::rows).containsExactly(300, 150);
  }

  @Test
  void groupsUnderAHundredRowsAreLeftOut() {
    Slices slices =
        new Rows().add("Sky Airline", 1, 99, true).add("Grupo LATAM", 0, 100, true).slices();

    assertThat(slices.byAirline()).extracting(Slice::name).containsExactly("Grupo LATAM");
    assertThat(slices.byMonth()).extracting(Slice::name).containsExactly(Slicer.OTHER);
  }

  @Test
  void aSliceHoldsTheEvaluationOfItsOwnRows() {
    Rows rows = new Rows().add("Sky Airline", 1, 120, true).add("Grupo LATAM", 2, 240, true);
    Slice sky = rows.slices().byAirline().get(1);

    int[] labels = rows.labelArray();
    double[] probabilities = rows.probabilities();
    int[] skyRows = IntStream.range(0, labels.length).filter(i -> i < 120).toArray();
    Evaluation alone =
        Evaluator.evaluate(
            IntStream.of(skyRows).map(i -> labels[i]).toArray(),
            IntStream.of(skyRows).mapToDouble(i -> probabilities[i]).toArray(),
            0.5);
    assertThat(sky.name()).isEqualTo("Sky Airline");
    assertThat(sky.rocAuc()).isEqualTo(alone.rocAuc());
    assertThat(sky.brier()).isEqualTo(alone.brier());
    assertThat(sky.recall()).isEqualTo(alone.delayed().recall());
    assertThat(sky.delayRate()).isEqualTo(alone.delayed().support() / 120.0);
    assertThat(sky.meanProbability())
        .isCloseTo(
            IntStream.of(skyRows).mapToDouble(i -> probabilities[i]).average().orElseThrow(),
            org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void aGroupWithOneClassHasNoRocAuc() {
    Slices slices = new Rows().add("Sky Airline", 5, 150, false).slices();

    assertThat(slices.byAirline().get(0).rocAuc()).isNull();
    assertThat(slices.byAirline().get(0).delayRate()).isZero();
  }
}
