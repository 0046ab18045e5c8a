package org.latamml.predictionlog;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jboss.logging.Logger;
import org.latamml.config.ServiceSettings;
import org.latamml.store.JvmExit;

/**
 * Forgets predictions older than {@code latam.prediction-log.retention}, every hour, on every
 * instance (one is enough, several are harmless): on PostgreSQL by dropping whole days' partitions,
 * elsewhere segment by segment.
 */
@ApplicationScoped
public class PredictionLogRetention {
  private static final Logger LOG = Logger.getLogger(PredictionLogRetention.class);

  private final DataSource dataSource;
  private final ScheduledExecutorService scheduler;
  private final Duration retention;

  @Inject
  PredictionLogRetention(
      DataSource dataSource, ScheduledExecutorService scheduler, ServiceSettings settings) {
    this(dataSource, scheduler, settings.predictionLog().retention());
  }

  PredictionLogRetention(
      DataSource dataSource, ScheduledExecutorService scheduler, Duration retention) {
    this.dataSource = dataSource;
    this.scheduler = scheduler;
    this.retention = retention;
  }

  void onStart(@Observes StartupEvent event) {
    var unused = scheduler.scheduleWithFixedDelay(this::forgetOld, 2, 60, TimeUnit.MINUTES);
  }

  private void forgetOld() {
    try {
      long forgotten = forgetBefore(Instant.now().minus(retention));
      if (forgotten > 0) {
        LOG.infof("prediction log: forgot %d segments or days older than %s", forgotten, retention);
      }
    } catch (SQLException | RuntimeException e) {
      if (!JvmExit.underway()) {
        LOG.warnf("prediction log: forgetting old entries failed: %s", e.getMessage());
      }
    }
  }

  /**
   * Forgets entries logged before {@code cutoff}: on PostgreSQL the days wholly before it (a day
   * goes once all of it is older), elsewhere each segment wholly before it; how many days or
   * segments went.
   */
  long forgetBefore(Instant cutoff) throws SQLException {
    LocalDateTime utc = LocalDateTime.ofInstant(cutoff, ZoneOffset.UTC);
    try (Connection connection = dataSource.getConnection()) {
      if (connection.getMetaData().getDatabaseProductName().equals("PostgreSQL")) {
        return PredictionLogPartitions.dropBefore(connection, utc.toLocalDate());
      }
      try (PreparedStatement delete =
          connection.prepareStatement("DELETE FROM prediction_log WHERE last_logged_at < ?")) {
        delete.setObject(1, utc);
        return delete.executeUpdate();
      }
    }
  }
}
