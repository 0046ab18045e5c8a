package org.latamml.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.latamml.rollout.ServedRollout;
import org.latamml.store.StoreStartup;

/**
 * Ready only when a model is loaded and the flight store answered its last probe. Neither check
 * does I/O: probes come often and are never shed.
 */
@ApplicationScoped
public class ReadinessChecks {
  private final ServedRollout rollout;
  private final StoreStartup store;

  ReadinessChecks(ServedRollout rollout, StoreStartup store) {
    this.rollout = rollout;
    this.store = store;
  }

  @Readiness
  HealthCheck model() {
    return () -> {
      var serving = rollout.serving();
      var model = serving == null ? null : serving.champion();
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
