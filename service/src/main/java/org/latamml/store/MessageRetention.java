package org.latamml.store;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Forgets the ids of Pub/Sub messages older than Pub/Sub can deliver again (it keeps a message 7
 * days), so that the table of seen ids stays the size of a week of messages. Every instance does it
 * every hour; one doing it is enough, several are harmless.
 */
@ApplicationScoped
public class MessageRetention {
  private static final Logger LOG = Logger.getLogger(MessageRetention.class);

  /** How long a message id is kept: a day past Pub/Sub's own retention. */
  static final Duration KEPT = Duration.ofDays(8);

  private final DataSource dataSource;
  private final ScheduledExecutorService scheduler;

  @Inject
  MessageRetention(DataSource dataSource, ScheduledExecutorService scheduler) {
    this.dataSource = dataSource;
    this.scheduler = scheduler;
  }

  void onStart(@Observes StartupEvent event) {
    var unused = scheduler.scheduleWithFixedDelay(this::forgetOld, 1, 60, TimeUnit.MINUTES);
  }

  private void forgetOld() {
    try {
      int forgotten = forgetBefore(Instant.now().minus(KEPT));
      if (forgotten > 0) {
        LOG.infof("forgot %d Pub/Sub message ids older than %s", forgotten, KEPT);
      }
    } catch (SQLException | RuntimeException e) {
      if (!JvmExit.underway()) {
        LOG.warnf("forgetting old Pub/Sub message ids failed: %s", e.getMessage());
      }
    }
  }

  /** Forgets the message ids received before {@code cutoff}; how many. */
  int forgetBefore(Instant cutoff) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement delete =
            connection.prepareStatement("DELETE FROM event_message WHERE received_at < ?")) {
      delete.setTimestamp(1, Timestamp.from(cutoff));
      return delete.executeUpdate();
    }
  }
}
