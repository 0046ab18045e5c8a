package org.latamml.artifact;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
   * @throws ModelArtifactException when a model cannot load: an image must not be built with it
   */
  static List<String> keep(Path models, GraphAnswers kept) throws IOException {
    List<Path> cards;
    try (Stream<Path> files = Files.list(models)) {
      cards = files.filter(f -> ModelDirectory.versionNamedBy(f) != null).sorted().toList();
    }
    return cards.stream()
        .map(card -> {
          try (DelayModel model = DelayModel.load(card, kept)) {
            return model.version() + ": scored by " + model.scoredBy();
          }
        })
        .toList();
  }
}
