package org.latamml.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.latamml.registry.ModelRegistry;
import org.latamml.store.StoreStartup;

/**
 * Ready only when a model is loaded and the flight store answered its last probe. Neither check
 * does I/O: probes come often and are never shed.
 */
@ApplicationScoped
public class ReadinessChecks {
  private final ModelRegistry registry;
  private final StoreStartup store;

  ReadinessChecks(ModelRegistry registry, StoreStartup store) {
    this.registry = registry;
    this.store = store;
  }

  @Readiness
  HealthCheck model() {
    return () -> {
      var model = registry.served();
      return HealthCheckResponse.named("model")
          .status(model != null)
          .withData("version", model == null ? "none" : model.version())
          .build();
    };
  }

  @Readiness
  HealthCheck store() {
    return () -> HealthCheckResponse.named("flight-store").status(store.isReachable()).build();
  }
}
