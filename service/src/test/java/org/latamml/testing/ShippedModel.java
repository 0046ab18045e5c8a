package org.latamml.testing;

import java.nio.file.Path;
import org.latamml.artifact.ModelCard;
import org.latamml.artifact.ModelCards;
import org.latamml.artifact.ModelDirectory;

/** The model the project serves by default: the version {@code version.txt} names, and its card. */
public final class ShippedModel {
  private static final Path HOME = Path.of(System.getProperty("latam.home", ".."));

  /** The version {@code version.txt} names. */
  public static final String VERSION =
      ModelDirectory.readServedVersion(HOME.resolve("version.txt"));

  private ShippedModel() {}

  /** The shipped models' folder, to read from: {@link #copyOfModels} for a store to write to. */
  public static ModelDirectory models() {
    return new ModelDirectory(HOME.resolve("Models"));
  }

  /**
   * A folder of its own holding a copy of the shipped models, for a service whose tests add models
   * to its store: {@code Models/} itself is never written by a test.
   */
  public static java.nio.file.Path copyOfModels() {
    try {
      java.nio.file.Path copy = java.nio.file.Files.createTempDirectory("latam-models-");
      try (var files = java.nio.file.Files.list(HOME.resolve("Models"))) {
        for (java.nio.file.Path file : files.toList()) {
          java.nio.file.Files.copy(file, copy.resolve(file.getFileName()));
        }
      }
      return copy;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The served version's card, as shipped in {@code Models/}. */
  public static ModelCard card() {
    return card(VERSION);
  }

  /** A shipped version's card, as its file in {@code Models/} holds it. */
  public static ModelCard card(String version) {
    return ModelCards.read(new ModelDirectory(HOME.resolve("Models")).card(version));
  }
}
