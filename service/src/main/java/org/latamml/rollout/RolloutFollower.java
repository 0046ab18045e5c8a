package org.latamml.rollout;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.latamml.config.ServiceSettings;
import org.latamml.store.JvmExit;

/**
 * Looks for a new rollout in the store every {@code latam.rollout.refresh} (a second) and serves
 * it: every instance follows a change made on any of them. A rollout this instance cannot load is
 * logged once and tried again each time; the one served stays until then.
 */
@ApplicationScoped
public class RolloutFollower {
  private static final Logger LOG = Logger.getLogger(RolloutFollower.class);

  private final RolloutStore store;
  private final ServedRollout served;
  private final ScheduledExecutorService scheduler;
  private final long refreshMillis;
  private final Counter failures;
  private long failedId;

  RolloutFollower(
      RolloutStore store,
      ServedRollout served,
      ScheduledExecutorService scheduler,
      ServiceSettings settings,
      MeterRegistry metrics) {
    this.store = store;
    this.served = served;
    this.scheduler = scheduler;
    this.refreshMillis = settings.rollout().refresh().toMillis();
    this.failures =
        Counter.builder("latam_rollout_follow_failures")
            .description("times this instance could not serve the rollout in the store")
            .register(metrics);
  }

  void onStart(@Observes StartupEvent event) {
    var unused =
        scheduler.scheduleWithFixedDelay(
            this::follow, refreshMillis, refreshMillis, TimeUnit.MILLISECONDS);
  }

  /** Serves the store's rollout when it is newer than the one served. */
  void follow() {
    try {
      long latest = store.currentId();
      if (latest > served.serving().rollout().id()) {
        store.current().ifPresent(served::apply);
        failedId = 0;
      }
    } catch (RuntimeException e) {
      if (JvmExit.underway()) {
        return;
      }
      failures.increment();
      long latest = safeLatest();
      if (latest != failedId) {
        failedId = latest;
        long serving = served.serving().rollout().id();
        if (latest < 0) {
          LOG.errorf(
              "cannot read the rollout from the store, still serving #%d: %s",
              serving, e.getMessage());
        } else if (latest > serving) {
          LOG.errorf(
              "cannot serve rollout #%d, still serving #%d: %s", latest, serving, e.getMessage());
        } else {
          LOG.errorf(
              "cannot follow the rollout in the store, serving #%d, its latest: %s",
              serving, e.getMessage());
        }
      }
    }
  }

  private long safeLatest() {
    try {
      return store.currentId();
    } catch (RuntimeException e) {
      return -1;
    }
  }
}
