package org.latamml.cli;

import java.nio.file.Path;

/** Where the project lives, as {@code ./latam} tells the JVM; the working folder otherwise. */
final class Launcher {
  private Launcher() {}

  static Path home() {
    String home = System.getProperty("latam.home");
    return Path.of(home == null || home.isBlank() ? "." : home);
  }
}
