package org.latamml.app;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import org.latamml.config.ServicePaths;
import org.latamml.registry.ModelRegistry;

/**
 * Starts the service. The served model loads alongside Quarkus; a missing or corrupt model stops
 * the start with one clear line and exit code 2 rather than a stack trace ({@link ModelRegistry}).
 */
@QuarkusMain
public final class LatamService {
  LatamService() {}

  /** Begins loading the served model, then runs the service until it is stopped. */
  public static void main(String... args) {
    ModelRegistry.beginLoading(ServicePaths.fromEnvironment());
    Quarkus.run(args);
  }
}
