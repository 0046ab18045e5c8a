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

  /** The served version's card, as shipped in {@code Models/}. */
  public static ModelCard card() {
    return ModelCards.read(new ModelDirectory(HOME.resolve("Models")).card(VERSION));
  }
}
