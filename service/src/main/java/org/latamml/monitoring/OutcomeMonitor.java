package org.latamml.monitoring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jboss.logging.Logger;
import org.latamml.config.ServiceSettings;
import org.latamml.flight.Flight;
import org.latamml.predictionlog.LoggedPrediction;
import org.latamml.predictionlog.PredictionLogReader;
import org.latamml.predictionlog.PredictionLogReader.Place;
import org.latamml.store.JdbcFlightStore;
import org.latamml.store.StoredFlight;

/**
 * Joins predictions with outcomes: reads the prediction log once, a bounded batch of segments at a
 * time, and keeps each version's latest prediction of each flight ({@code monitored_prediction}); a
 * prediction of a flight that has left gets its outcome as it is kept, the others when the store's
 * changes bring their departure. One instance does it at a time, holding a lease in the store that
 * another takes over when it lapses; the places reached in the log and in the store's changes are
 * kept with the rows, in the same transaction.
 */
@Singleton
public class OutcomeMonitor {
  private static final Logger LOG = Logger.getLogger(OutcomeMonitor.class);
  // Store changes read per transaction; a change holds up to 1,000 flights.
  private static final int CHANGES_PER_BATCH = 50;

  private final DataSource dataSource;
  private final JdbcFlightStore flights;
  private final ScheduledExecutorService scheduler;
  private final boolean enabled;
  private final Duration interval;
  private final Duration lag;
  private final int segmentsPerBatch;
  private final Duration lease;
  private final String holder = UUID.randomUUID().toString();
  private final Counter read;
  private final Counter resolved;
  private final Counter failures;

  @Inject
  OutcomeMonitor(
      DataSource dataSource,
      JdbcFlightStore flights,
      ScheduledExecutorService scheduler,
      ServiceSettings settings,
      MeterRegistry metrics) {
    this(
        dataSource,
        flights,
        scheduler,
        settings.monitoring().enabled() && settings.predictionLog().enabled(),
        settings.monitoring().interval(),
        settings.monitoring().lag(),
        settings.monitoring().segmentsPerBatch(),
        metrics);
  }

  OutcomeMonitor(
      DataSource dataSource,
      JdbcFlightStore flights,
      ScheduledExecutorService scheduler,
      boolean enabled,
      Duration interval,
      Duration lag,
      int segmentsPerBatch,
      MeterRegistry metrics) {
    this.dataSource = dataSource;
    this.flights = flights;
    this.scheduler = scheduler;
    this.enabled = enabled;
    this.interval = interval;
    this.lag = lag;
    this.segmentsPerBatch = segmentsPerBatch;
    // Another instance takes over when the holder has missed a few turns.
    this.lease = interval.multipliedBy(6).plusSeconds(30);
    this.read =
        Counter.builder("latam_monitor_predictions_read")
            .description("logged predictions the monitor has read and kept per flight")
            .register(metrics);
    this.resolved =
        Counter.builder("latam_monitor_outcomes")
            .description("kept predictions given their flight's outcome")
            .register(metrics);
    this.failures =
        Counter.builder("latam_monitor_failures")
            .description("monitor turns that failed (the store refused; tried again next turn)")
            .register(metrics);
  }

  void onStart(@Observes StartupEvent event) {
    if (enabled) {
      long millis = interval.toMillis();
      var unused =
          scheduler.scheduleWithFixedDelay(this::turn, millis, millis, TimeUnit.MILLISECONDS);
    }
  }

  /** One turn: if this instance holds the lease, reads what the log holds past its place. */
  void turn() {
    try {
      if (takeLease(Instant.now())) {
        catchUp(Instant.now(), 20);
      }
    } catch (RuntimeException | SQLException e) {
      failures.increment();
      LOG.warnf("the monitor's turn failed, tried again in %s: %s", interval, e.getMessage());
    }
  }

  /**
   * What one call did.
   *
   * @param predictions log entries read
   * @param outcomes kept predictions given an outcome
   * @param caughtUp whether the log held nothing more up to the time asked
   */
  public record Progress(long predictions, long outcomes, boolean caughtUp) {}

  /**
   * Reads the log up to {@code now} less the lag, at most {@code batches} batches, each a
   * transaction; gives outcomes to the predictions of flights that have left.
   */
  public Progress catchUp(Instant now, int batches) throws SQLException {
    long predictions = 0;
    long outcomes = 0;
    LocalDateTime upTo = LocalDateTime.ofInstant(now.minus(lag), ZoneOffset.UTC);
    boolean logRead = false;
    for (int batch = 0; batch < batches && !logRead; batch++) {
      Progress one = readBatch(upTo);
      predictions += one.predictions();
      outcomes += one.outcomes();
      logRead = one.caughtUp();
    }
    boolean changesRead = false;
    for (int batch = 0; batch < batches && !changesRead; batch++) {
      Progress one = followDepartures();
      outcomes += one.outcomes();
      changesRead = one.caughtUp();
    }
    read.increment((double) predictions);
    resolved.increment((double) outcomes);
    return new Progress(predictions, outcomes, logRead && changesRead);
  }

  private Progress readBatch(LocalDateTime upTo) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        Place from = place(connection);
        Map<PredictionOutcomes.Key, PredictionOutcomes.Latest> latest = new HashMap<>();
        long[] entries = {0};
        Place reached =
            PredictionLogReader.readAfter(
                connection,
                from,
                upTo,
                segmentsPerBatch,
                entry -> {
                  entries[0]++;
                  keep(entry, latest);
                });
        if (reached.equals(from)) {
          connection.rollback();
          return new Progress(0, 0, true);
        }
        PredictionOutcomes.add(connection, latest);
        Set<FlightName> predicted = new HashSet<>();
        latest.keySet().forEach(key -> predicted.add(key.flight()));
        int outcomes = PredictionOutcomes.resolve(connection, departed(predicted));
        moveTo(connection, reached);
        connection.commit();
        return new Progress(entries[0], outcomes, false);
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    }
  }

  /** Keeps an entry, unless it names no flight a departure could match (no flight number). */
  private static void keep(
      LoggedPrediction entry, Map<PredictionOutcomes.Key, PredictionOutcomes.Latest> latest) {
    if (entry.flightNumber() == null || entry.airline() == null) {
      return;
    }
    PredictionOutcomes.Key key =
        new PredictionOutcomes.Key(
            entry.modelVersion(),
            entry.shadow(),
            new FlightName(entry.airline(), entry.flightNumber(), entry.scheduledDeparture()));
    latest.merge(
        key,
        new PredictionOutcomes.Latest(
            entry.probability(),
            entry.delayed(),
            LocalDateTime.ofInstant(Instant.ofEpochMilli(entry.loggedAtMillis()), ZoneOffset.UTC),
            1),
        PredictionOutcomes.Latest::and);
  }

  /** Gives outcomes to the kept predictions of the flights the store's next changes depart. */
  private Progress followDepartures() throws SQLException {
    long latest = flights.clock().changeSeq();
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        long after = changesRead(connection);
        if (after >= latest) {
          connection.rollback();
          return new Progress(0, 0, true);
        }
        long upTo = Math.min(latest, after + CHANGES_PER_BATCH);
        List<Flight> departed = new ArrayList<>();
        for (JdbcFlightStore.Changed change : flights.changesBetween(after, upTo, List.of())) {
          if (change.flight().flight().hasDeparted()) {
            departed.add(change.flight().flight());
          }
        }
        int outcomes = PredictionOutcomes.resolve(connection, departed);
        try (PreparedStatement update =
            connection.prepareStatement(
                "UPDATE monitor_state SET cursor_change_seq = ? WHERE id = 1")) {
          update.setLong(1, upTo);
          update.executeUpdate();
        }
        connection.commit();
        return new Progress(0, outcomes, upTo >= latest);
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    }
  }

  private static long changesRead(Connection connection) throws SQLException {
    try (PreparedStatement select =
            connection.prepareStatement(
                "SELECT cursor_change_seq FROM monitor_state WHERE id = 1");
        ResultSet rows = select.executeQuery()) {
      return rows.next() ? rows.getLong(1) : 0;
    }
  }

  /**
   * The stored flights among {@code wanted} that have left, read by scheduled time a span of days
   * at a time rather than one query per flight.
   */
  private List<Flight> departed(Set<FlightName> wanted) {
    List<Flight> left = new ArrayList<>();
    TreeSet<LocalDateTime> times = new TreeSet<>();
    wanted.forEach(name -> times.add(name.scheduledDeparture()));
    while (!times.isEmpty()) {
      LocalDateTime first = times.first();
      LocalDateTime last = first;
      for (LocalDateTime t : times.tailSet(first, true)) {
        if (t.isAfter(last.plusDays(1))) {
          break;
        }
        last = t;
      }
      for (StoredFlight stored : flights.scheduledBetween(first, last.plusSeconds(1))) {
        Flight flight = stored.flight();
        if (flight.hasDeparted()
            && wanted.contains(
                new FlightName(
                    flight.airline(), flight.flightNumber(), flight.scheduledDeparture()))) {
          left.add(flight);
        }
      }
      times.headSet(last, true).clear();
    }
    return left;
  }

  /**
   * Takes or renews the lease: true when this instance monitors until {@code now} plus the lease.
   */
  boolean takeLease(Instant now) throws SQLException {
    LocalDateTime at = LocalDateTime.ofInstant(now, ZoneOffset.UTC);
    try (Connection connection = dataSource.getConnection();
        PreparedStatement update =
            connection.prepareStatement(
                "UPDATE monitor_state SET holder = ?, lease_until = ? WHERE id = 1"
                    + " AND (holder IS NULL OR holder = ? OR lease_until < ?)")) {
      update.setString(1, holder);
      update.setObject(2, at.plus(lease));
      update.setString(3, holder);
      update.setObject(4, at);
      return update.executeUpdate() == 1;
    }
  }

  private static Place place(Connection connection) throws SQLException {
    try (PreparedStatement select =
            connection.prepareStatement(
                "SELECT cursor_logged_at, cursor_instance_id, cursor_segment FROM monitor_state"
                    + " WHERE id = 1");
        ResultSet rows = select.executeQuery()) {
      if (!rows.next() || rows.getObject(1) == null) {
        return Place.START;
      }
      return new Place(rows.getObject(1, LocalDateTime.class), rows.getString(2), rows.getLong(3));
    }
  }

  private static void moveTo(Connection connection, Place place) throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE monitor_state SET cursor_logged_at = ?, cursor_instance_id = ?,"
                + " cursor_segment = ? WHERE id = 1")) {
      update.setObject(1, place.firstLoggedAt());
      update.setString(2, place.instanceId());
      update.setLong(3, place.segment());
      update.executeUpdate();
    }
  }
}
