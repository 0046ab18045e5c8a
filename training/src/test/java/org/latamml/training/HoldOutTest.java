package org.latamml.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.latamml.artifact.ModelCard;
import org.latamml.artifact.OnnxSignature;
import org.latamml.artifact.TrainingData;
import org.latamml.artifact.TrainingRows;
import org.latamml.features.FeatureSets;

class HoldOutTest {

  /** Lines of {@code seed n first-values...} that numpy 2.4.6 printed. */
  private static List<long[]> numpyPermutations() throws IOException {
    try (InputStream in = HoldOutTest.class.getResourceAsStream("/numpy-permutations.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .filter(line -> !line.startsWith("#"))
          .map(line -> Arrays.stream(line.split(" ")).mapToLong(Long::parseLong).toArray())
          .toList();
    }
  }

  @Test
  void permutesRowsAsNumpysRandomStateDoes() throws IOException {
    List<long[]> lines = numpyPermutations();
    assertThat(lines).hasSizeGreaterThan(5);
    for (long[] line : lines) {
      long seed = line[0];
      int size = (int) line[1];
      int[] expected = Arrays.stream(line, 2, line.length).mapToInt(v -> (int) v).toArray();

      int[] order = NumpyPermutation.of(size, seed);

      assertThat(Arrays.copyOf(order, expected.length))
          .as("seed %d, %d rows", seed, size)
          .containsExactly(expected);
    }
  }

  @Test
  void randomSplitHoldsOutTheRowsScikitLearnsTrainTestSplitHoldsOut() throws IOException {
    long[] numpy =
        numpyPermutations().stream()
            .filter(line -> line[0] == 42 && line[1] == 68_206)
            .findFirst()
            .orElseThrow();

    HoldOut.Parts parts = HoldOut.random(68_206, 42);

    // train_test_split(test_size=0.33): ceil(0.33 * n) rows, the permutation's first ones.
    assertThat(parts.test()).hasSize(22_508);
    assertThat(parts.train()).hasSize(68_206 - 22_508);
    for (int i = 2; i < numpy.length; i++) {
      assertThat(Arrays.binarySearch(parts.test(), (int) numpy[i])).isNotNegative();
      assertThat(Arrays.binarySearch(parts.train(), (int) numpy[i])).isNegative();
    }
  }

  @Test
  void refusesSeedsNumpyRefuses() {
    assertThatThrownBy(() -> HoldOut.random(10, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--seed must be between 0 and 4294967295");
    assertThatThrownBy(() -> HoldOut.random(10, 4_294_967_296L))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(HoldOut.random(10, 4_294_967_295L).test()).hasSize(4);
  }

  @Test
  void findsTheTrainingRowsOfCardsWrittenWithJavasShuffleAndWithNumpys() {
    int size = 3_000;
    TrainingRows numpy = TrainingRows.random(7, HoldOut.RANDOM_FRACTION);
    TrainingRows java = new TrainingRows("random", 7L, HoldOut.RANDOM_FRACTION, null, null);

    boolean[] seenByNumpy = TrainingOverlap.seen(cardTrainedOn(numpy), "ab", size, null);
    boolean[] seenByJava = TrainingOverlap.seen(cardTrainedOn(java), "ab", size, null);

    assertThat(trueAt(seenByNumpy)).containsExactly(HoldOut.random(size, 7).train());
    assertThat(trueAt(seenByJava)).containsExactly(HoldOut.javaShuffled(size, 7).train());
    assertThat(trueAt(seenByJava)).isNotEqualTo(trueAt(seenByNumpy));
  }

  private static int[] trueAt(boolean[] seen) {
    return java.util.stream.IntStream.range(0, seen.length).filter(i -> seen[i]).toArray();
  }

  private static ModelCard cardTrainedOn(TrainingRows rows) {
    return new ModelCard(
        ModelCard.FORMAT_VERSION,
        "0.0.1",
        "logreg",
        Map.of(),
        FeatureSets.ONEHOT37,
        FeatureSets.onehot37(),
        OnnxSignature.TRAINER,
        0.5,
        null,
        null,
        null,
        new TrainingData("raw", List.of("flights.csv"), "ab", 3_000, 990, "random", rows),
        null,
        null,
        null,
        null,
        "2026-12-02T00:00:00Z",
        Map.of());
  }
}
