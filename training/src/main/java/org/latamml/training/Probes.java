package org.latamml.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.latamml.artifact.DelayModel;
import org.latamml.artifact.ModelCard;
import org.latamml.artifact.ModelCards;
import org.latamml.artifact.ModelDirectory;
import org.latamml.artifact.Probe;

/**
 * The probes a trained model's card carries: a few held-out rows spread over the range of scores,
 * with the probabilities the exported graph gives them, once that graph is found to agree with the
 * trained model itself. A service reproduces them before it accepts the model.
 */
final class Probes {
  /** Rows a card carries. */
  static final int COUNT = 8;

  /**
   * How far the graph (single precision, ONNX Runtime) may be from the trained model (double
   * precision, the training library) on a probe row.
   */
  static final double AGREEMENT = 1e-5;

  private Probes() {}

  /**
   * Probes of the model: rows of {@code rows} at spread quantiles of {@code expected}, the trained
   * model's probabilities, scored by the graph {@code onnx}.
   *
   * @throws IllegalStateException when the graph disagrees with the trained model on one
   */
  static List<Probe> of(ModelCard card, byte[] onnx, float[][] rows, double[] expected) {
    if (rows.length == 0) {
      return List.of();
    }
    int[] byScore =
        IntStream.range(0, rows.length)
            .boxed()
            .sorted(Comparator.comparingDouble(i -> expected[i]))
            .mapToInt(Integer::intValue)
            .toArray();
    int count = Math.min(COUNT, rows.length);
    float[][] chosen = new float[count][];
    double[] trained = new double[count];
    for (int k = 0; k < count; k++) {
      int row = byScore[count == 1 ? 0 : (int) ((long) k * (rows.length - 1) / (count - 1))];
      chosen[k] = rows[row].clone();
      trained[k] = expected[row];
    }
    double[] graph = scoreWithGraph(card, onnx, chosen);
    List<Probe> probes = new ArrayList<>(count);
    for (int k = 0; k < count; k++) {
      if (!(Math.abs(graph[k] - trained[k]) <= AGREEMENT)) {
        throw new IllegalStateException(
            "the exported graph disagrees with the trained model on a held-out row: "
                + graph[k]
                + " against "
                + trained[k]
                + "; the model is not written");
      }
      probes.add(new Probe(chosen[k], graph[k]));
    }
    return probes;
  }

  private static double[] scoreWithGraph(ModelCard card, byte[] onnx, float[][] rows) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("latam-probes-");
      ModelDirectory models = new ModelDirectory(dir);
      ModelCards.write(card, models.card(card.version()));
      Files.write(models.onnx(card.version()), onnx);
      try (DelayModel model = DelayModel.load(models.card(card.version()))) {
        return model.scoreByGraph(rows);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check the exported graph: " + e.getMessage(), e);
    } finally {
      if (dir != null) {
        try (var files = Files.list(dir)) {
          for (Path file : files.toList()) {
            Files.deleteIfExists(file);
          }
          Files.deleteIfExists(dir);
        } catch (IOException e) {
          // A temporary folder left behind harms nothing.
        }
      }
    }
  }
}
