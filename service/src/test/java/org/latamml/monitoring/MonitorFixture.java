package org.latamml.monitoring;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import javax.sql.DataSource;

/** A monitor made outside the service, with only a store (or none) and its own settings. */
final class MonitorFixture {
  static final Duration INTERVAL = Duration.ofSeconds(5);

  private MonitorFixture() {}

  /** A monitor of {@code store}, not scheduled, that reads 20 kept predictions a batch. */
  static OutcomeMonitor alone(DataSource store, double cpuShare) {
    return alone(store, cpuShare, INTERVAL);
  }

  /** A monitor of {@code store}, not scheduled, that would take a turn every {@code interval}. */
  static OutcomeMonitor alone(DataSource store, double cpuShare, Duration interval) {
    return new OutcomeMonitor(
        store,
        null,
        null,
        null,
        Duration.ofDays(367),
        null,
        false,
        interval,
        20,
        cpuShare,
        new SimpleMeterRegistry());
  }
}
