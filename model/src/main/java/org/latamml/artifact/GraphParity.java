package org.latamml.artifact;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

/**
 * Whether a {@link TermsScorer} gives its graph's probabilities, within {@link Probe#TOLERANCE}, on
 * rows made to test every edge: each input set at random to one of its edges (the thresholds it is
 * split at, for trees), the float just below or above one, 0, 1, a probe's value or (in half the
 * rows, for a scorer that reads them) missing, plus the card's probes themselves. The same rows
 * each time (a fixed seed), so that a model either always loads scored in Java or never does.
 */
final class GraphParity {
  /** Rows compared besides the probes. */
  static final int ROWS = 512;

  private static final long SEED = 20171231L;

  private GraphParity() {}

  /** How many of the probes have a row of the scorer's width: those the rows end with. */
  static int usable(TermsScorer scorer, List<Probe> probes) {
    return (int) probes.stream().filter(p -> fits(p, scorer.width())).count();
  }

  private static boolean fits(Probe probe, int width) {
    return probe.features() != null && probe.features().length == width;
  }

  /**
   * The graph's probabilities of the rows, in one batch, then of each of the last {@code probes}
   * rows (the probes') scored alone: the service scores a row at a time, which ONNX Runtime may run
   * through another kernel than a batch's.
   *
   * @param graph the graph's probabilities of rows laid end to end, and how many rows
   */
  static double[] graphAnswers(
      float[] rows, int width, int probes, BiFunction<float[], Integer, double[]> graph) {
    int count = rows.length / width;
    double[] answers = Arrays.copyOf(graph.apply(rows, count), count + probes);
    for (int p = 0; p < probes; p++) {
      int at = count - probes + p;
      answers[count + p] =
          graph.apply(Arrays.copyOfRange(rows, at * width, (at + 1) * width), 1)[0];
    }
    return answers;
  }

  /**
   * The first row on which the scorer and the graph's answers ({@link #graphAnswers}) disagree,
   * described, or empty when they agree on every row.
   */
  static Optional<String> disagreement(
      TermsScorer scorer, float[] rows, int probes, double[] answers) {
    int width = scorer.width();
    int count = rows.length / width;
    Optional<String> found =
        firstApart(scorer, Arrays.copyOf(answers, count), scorer.probabilities(rows, count), null);
    for (int p = 0; p < probes && found.isEmpty(); p++) {
      int at = count - probes + p;
      found =
          firstApart(
              scorer,
              new double[] {answers[count + p]},
              scorer.probabilities(Arrays.copyOfRange(rows, at * width, (at + 1) * width), 1),
              "probe " + p + " scored alone");
    }
    return found;
  }

  /** Where the two first differ, named {@code alone} for a row alone, else by its place. */
  private static Optional<String> firstApart(
      TermsScorer scorer, double[] expected, double[] computed, String alone) {
    for (int r = 0; r < expected.length; r++) {
      if (!(Math.abs(expected[r] - computed[r]) <= Probe.TOLERANCE)) {
        return Optional.of(
            (alone != null ? alone : "row " + r + " of " + expected.length + " checked")
                + ": the graph gives "
                + expected[r]
                + ", its "
                + scorer.terms()
                + " in Java "
                + computed[r]);
      }
    }
    return Optional.empty();
  }

  /** The rows compared, laid end to end. */
  static float[] rows(TermsScorer scorer, List<Probe> probes) {
    int width = scorer.width();
    List<float[]> usable =
        probes.stream().filter(p -> fits(p, width)).map(Probe::features).toList();
    float[][] choices = new float[width][];
    for (int input = 0; input < width; input++) {
      float[] edges = scorer.edgesOf(input);
      float[] values = new float[3 * edges.length + 3 + usable.size()];
      int at = 0;
      for (float edge : edges) {
        values[at++] = edge;
        values[at++] = Math.nextDown(edge);
        values[at++] = Math.nextUp(edge);
      }
      values[at++] = 0f;
      values[at++] = 1f;
      for (float[] probe : usable) {
        values[at++] = probe[input];
      }
      // Last, so that a row may leave it out.
      values[at] = Float.NaN;
      choices[input] = values;
    }
    float[] rows = new float[(ROWS + usable.size()) * width];
    SplittableRandom random = new SplittableRandom(SEED);
    for (int r = 0; r < ROWS; r++) {
      // Half the rows with no missing input, as the encoder makes them (LeafMasks scores
      // those), half with some (the trees as written), for a scorer that reads them.
      int leftOut = r % 2 == 0 || !scorer.readsMissing() ? 1 : 0;
      for (int input = 0; input < width; input++) {
        float[] values = choices[input];
        rows[r * width + input] = values[random.nextInt(values.length - leftOut)];
      }
    }
    for (int p = 0; p < usable.size(); p++) {
      System.arraycopy(usable.get(p), 0, rows, (ROWS + p) * width, width);
    }
    return rows;
  }
}
