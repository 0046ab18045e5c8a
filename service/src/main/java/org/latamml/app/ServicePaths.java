package org.latamml.app;

import java.nio.file.Path;
import org.latamml.artifact.ModelDirectory;

/**
 * Where the service finds its models and keeps its store. Each comes from a system property, then
 * an environment variable, then a default under the project home, so that the launcher, the tests
 * and a container can each point it elsewhere.
 *
 * @param home the project folder ({@code -Dlatam.home}, {@code $LATAM_HOME}, or the working one)
 * @param models the model folder ({@code $LATAM_MODELS_DIR}, or {@code Models/} under home)
 * @param versionFile the file naming the served version ({@code $LATAM_VERSION_FILE}, or {@code
 *     version.txt} under home)
 */
public record ServicePaths(Path home, Path models, Path versionFile) {

  /** The paths as the environment sets them. */
  public static ServicePaths fromEnvironment() {
    Path home = Path.of(setting("latam.home", "LATAM_HOME", "."));
    return new ServicePaths(
        home,
        Path.of(setting("latam.models-dir", "LATAM_MODELS_DIR", home.resolve("Models").toString())),
        Path.of(
            setting(
                "latam.version-file",
                "LATAM_VERSION_FILE",
                home.resolve("version.txt").toString())));
  }

  /** The model folder. */
  public ModelDirectory modelDirectory() {
    return new ModelDirectory(models);
  }

  private static String setting(String property, String variable, String fallback) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      value = System.getenv(variable);
    }
    return value == null || value.isBlank() ? fallback : value;
  }
}
