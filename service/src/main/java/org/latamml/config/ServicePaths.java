package org.latamml.config;

import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Path;
import java.util.Optional;
import org.latamml.artifact.GraphAnswers;
import org.latamml.artifact.ModelDirectory;

/**
 * Where the service finds its models, resolved from its {@link ServiceSettings}.
 *
 * @param home the project folder
 * @param models the model folder ({@code Models/} under home unless set)
 * @param versionFile the file naming the served version ({@code version.txt} under home unless set)
 * @param graphAnswersDir where the graphs' answers are kept ({@link GraphAnswers}); empty: nowhere
 */
public record ServicePaths(
    Path home, Path models, Path versionFile, Optional<Path> graphAnswersDir) {

  /** The paths the settings name, defaults filled in. */
  public static ServicePaths of(ServiceSettings settings) {
    return of(
        settings.home(), settings.modelsDir(), settings.versionFile(), settings.graphAnswers());
  }

  /**
   * The paths as system properties and the environment set them (the same {@code latam.*} names),
   * for code that runs before Quarkus starts or without it: the served model's early load, the
   * command line.
   */
  public static ServicePaths fromEnvironment() {
    SmallRyeConfig config =
        new SmallRyeConfigBuilder().addDefaultSources().addDefaultInterceptors().build();
    return of(
        config.getOptionalValue("latam.home", Path.class).orElse(Path.of(".")),
        config.getOptionalValue("latam.models-dir", Path.class),
        config.getOptionalValue("latam.version-file", Path.class),
        config.getOptionalValue("latam.graph-answers", Path.class));
  }

  private static ServicePaths of(
      Path home, Optional<Path> models, Optional<Path> versionFile, Optional<Path> graphAnswers) {
    return new ServicePaths(
        home,
        models.orElse(home.resolve("Models")),
        versionFile.orElse(home.resolve("version.txt")),
        graphAnswers);
  }

  /** Where models' graphs' answers are kept, if anywhere. */
  public GraphAnswers graphAnswers() {
    return graphAnswersDir.map(GraphAnswers::in).orElse(GraphAnswers.NONE);
  }

  /** The model folder. */
  public ModelDirectory modelDirectory() {
    return new ModelDirectory(models);
  }
}
