package org.latamml.artifact;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads every model of a folder once, keeping its graph's answers ({@link GraphAnswers}): run where
 * an image is built, so that its instances check their models without loading ONNX Runtime.
 * Arguments: the model folder, then the answers' folder.
 */
public final class KeepGraphAnswers {
  private KeepGraphAnswers() {}

  /** Loads each card of {@code args[0]}, keeping the answers in {@code args[1]}. */
  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: KeepGraphAnswers <model folder> <answers folder>");
      System.exit(2);
    }
    for (String line : keep(Path.of(args[0]), GraphAnswers.in(Path.of(args[1])))) {
      System.out.println(line);
    }
  }

  /**
   * Loads each card in {@code models}, keeping its graph's answers; one line a model says how it
   * scores.
   *
   * @throws ModelArtifactException when a model cannot load, or one scored in Java cannot find the
   *     answers kept for it: an image must not be built so
   */
  static List<String> keep(Path models, GraphAnswers kept) throws IOException {
    List<Path> cards;
    try (Stream<Path> files = Files.list(models)) {
      cards = files.filter(f -> ModelDirectory.versionNamedBy(f) != null).sorted().toList();
    }
    List<String> said = new ArrayList<>();
    for (Path card : cards) {
      try (DelayModel model = DelayModel.load(card, kept)) {
        said.add(model.version() + ": scored by " + model.scoredBy());
      }
      // Loaded again, a model that scores in Java must find its answers: else the image's
      // instances would each load ONNX Runtime, which this is run to spare them.
      try (DelayModel again = DelayModel.load(card, kept)) {
        if (again.scoresInJava() && again.isGraphOpen()) {
          throw new ModelArtifactException(
              "model "
                  + again.version()
                  + ": its graph's answers could not be kept (is the answers' folder writable?)");
        }
      }
    }
    return said;
  }
}
