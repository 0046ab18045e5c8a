package org.latamml.app;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import org.latamml.artifact.DelayModel;
import org.latamml.artifact.ModelArtifactException;
import org.latamml.registry.ModelRegistry;

/**
 * Starts the service, after checking that the served model can be loaded, so that a missing or
 * corrupt model stops the start with one clear line and exit code 2 rather than a stack trace.
 */
@QuarkusMain
public final class LatamService {
  LatamService() {}

  /** Checks the served model, then runs the service until it is stopped. */
  public static void main(String... args) {
    try (DelayModel model = ModelRegistry.load(ServicePaths.fromEnvironment())) {
      // Loaded and checked; the registry loads it again for serving.
      model.version();
    } catch (ModelArtifactException | IllegalArgumentException e) {
      System.err.println("latam serve: cannot start: " + e.getMessage());
      System.exit(2);
    }
    Quarkus.run(args);
  }
}
