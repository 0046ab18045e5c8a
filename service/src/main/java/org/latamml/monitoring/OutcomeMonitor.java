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
import org.latamml.config.RefusedStart;
import org.latamml.config.ServiceSettings;
import org.latamml.flight.Flight;
import org.latamml.predictionlog.LoggedPrediction;
import org.latamml.predictionlog.PredictionLogReader;
import org.latamml.store.ChangeFeed;
import org.latamml.store.JdbcFlightStore;
import org.latamml.store.JvmExit;
import org.latamml.store.StoredFlight;

/**
 * Joins predictions with outcomes: reads the prediction log once, a bounded batch of flights at a
 * time, and keeps each version's latest prediction of each flight ({@code monitored_prediction}),
 * writing only what would change a kept row ({@link KeptPredictions}); a prediction of a flight
 * that has left gets its outcome as it is kept, the others when the store's changes bring their
 * departure. One instance does it at a time, holding a lease in the store that another takes over
 * when it lapses (each batch renews it, and stops if another has taken it). The log is read by the
 * numbers its segments were committed with, so a segment committed late is read late, never
 * skipped; the numbers reached in the log and in the store's changes are kept with the rows, in the
 * same transaction.
 */
@Singleton
public class OutcomeMonitor {
  private static final Logger LOG = Logger.getLogger(OutcomeMonitor.class);
  // Store changes read per transaction; a change holds up to 1,000 flights.
  private static final int CHANGES_PER_BATCH = 50;
  // Log segments read per query at most. A segment holds one request thread's entries of half a
  // second, some 8,700 at 35,000 requests/s: eight at a time made a batch under load about 70,000
  // entries whatever keptPerBatch said, so a batch reads one first, then as many as its rest
  // would fill, judged by the last read's entries a segment, named or not (docs/PERFORMANCE.md).
  private static final int MAX_SEGMENTS_PER_READ = 8;
  // Entries a batch reads at most, named or not, for each prediction it may keep.
  private static final int SCANNED_PER_KEPT = 10;

  private final DataSource dataSource;
  private final JdbcFlightStore flights;
  private final ChangeFeed feed;
  private final AirportClock clock;
  private final Duration retention;
  private Instant forgotten = Instant.EPOCH;
  private final ScheduledExecutorService scheduler;
  private final boolean enabled;
  private final Duration interval;
  private final int keptPerBatch;
  private final double cpuShare;
  private final Duration lease;
  private final String holder = UUID.randomUUID().toString();
  private final KeptPredictions kept;
  private final Counter read;
  private final Counter scannedEntries;
  private final Counter resolved;
  private final Counter failures;

  @Inject
  OutcomeMonitor(
      DataSource dataSource,
      JdbcFlightStore flights,
      ChangeFeed feed,
      AirportClock clock,
      ScheduledExecutorService scheduler,
      ServiceSettings settings,
      MeterRegistry metrics) {
    this(
        dataSource,
        flights,
        feed,
        clock,
        settings.monitoring().retention(),
        scheduler,
        settings.monitoring().enabled() && settings.predictionLog().enabled(),
        settings.monitoring().interval(),
        settings.monitoring().keptPerBatch(),
        settings.monitoring().cpuShare(),
        metrics);
  }

  OutcomeMonitor(
      DataSource dataSource,
      JdbcFlightStore flights,
      ChangeFeed feed,
      AirportClock clock,
      Duration retention,
      ScheduledExecutorService scheduler,
      boolean enabled,
      Duration interval,
      int keptPerBatch,
      double cpuShare,
      MeterRegistry metrics) {
    this.dataSource = dataSource;
    this.flights = flights;
    this.feed = feed;
    this.clock = clock;
    this.retention = retention;
    this.scheduler = scheduler;
    this.enabled = enabled;
    if (interval.isZero() || interval.isNegative()) {
      throw RefusedStart.because("LATAM_MONITORING_INTERVAL must be above 0, got " + interval);
    }
    this.interval = interval;
    if (keptPerBatch < 1) {
      throw RefusedStart.because(
          "LATAM_MONITORING_KEPT_PER_BATCH must be 1 or more, got " + keptPerBatch);
    }
    this.keptPerBatch = keptPerBatch;
    if (!(cpuShare > 0 && cpuShare <= 1)) {
      throw RefusedStart.because(
          "LATAM_MONITORING_CPU_SHARE must be above 0 and at most 1, got " + cpuShare);
    }
    this.cpuShare = cpuShare;
    // Twenty batches of rows: some 32 bytes a row in the arrays, the memory five batches took as a
    // cache of objects (docs/PERFORMANCE.md, "The monitor's rows in three arrays").
    this.kept = new KeptPredictions(20L * keptPerBatch);
    // Another instance takes over when the holder has missed a few turns.
    this.lease = interval.multipliedBy(6).plusSeconds(30);
    this.read =
        Counter.builder("latam_monitor_predictions_read")
            .description(
                "logged predictions naming a flight that the monitor has read and kept per flight")
            .register(metrics);
    this.scannedEntries =
        Counter.builder("latam_monitor_log_entries_read")
            .description(
                "prediction log entries the monitor has read, naming a flight or not: follows the"
                    + " entries written while it keeps up")
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
      schedule(interval);
    }
  }

  private void schedule(Duration delay) {
    try {
      var unused = scheduler.schedule(this::turn, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // The service is stopping.
    }
  }

  /**
   * One turn: if this instance holds the lease, reads what the log holds past its place, within its
   * share of a processor; the next is scheduled after a pause that keeps it there (the interval
   * after a failure), the lease held through it.
   */
  void turn() {
    // The wall clock, not this thread's processor time: the store's writer thread and the
    // collector work for the monitor too (with the thread's time it cost predict-flight 18 %,
    // docs/PERFORMANCE.md); a turn slowed by waits rests longer, at most five leases.
    long begin = System.nanoTime();
    Duration pause = interval;
    try {
      catchUp(Instant.now(), 20, Duration.ofNanos((long) (interval.toNanos() * cpuShare)));
      pause =
          pauseAfter(
              Duration.ofNanos(System.nanoTime() - begin),
              interval,
              cpuShare,
              lease.multipliedBy(5));
      if (pause.compareTo(interval) > 0) {
        holdLeaseThrough(Instant.now(), pause);
      }
    } catch (RuntimeException | SQLException | Error e) {
      // Errors too: thrown here, they would end in the discarded future, silently.
      if (JvmExit.underway()) {
        return;
      }
      failures.increment();
      pause = interval;
      LOG.warnf("the monitor's turn failed, tried again in %s: %s", interval, e);
    } finally {
      schedule(pause);
    }
  }

  /**
   * The pause after a turn that took {@code worked}: at least the interval, at most {@code longest}
   * (how long a stopped instance may keep the lease).
   */
  static Duration pauseAfter(
      Duration worked, Duration interval, double cpuShare, Duration longest) {
    Duration keepsShare = Duration.ofNanos((long) (worked.toNanos() * (1 / cpuShare - 1)));
    Duration atMost = keepsShare.compareTo(longest) < 0 ? keepsShare : longest;
    return atMost.compareTo(interval) > 0 ? atMost : interval;
  }

  /**
   * Keeps the lease, if this instance holds it, through a rest longer than the interval: another
   * instance takes it over only once the rest and a lease have passed without a turn.
   */
  void holdLeaseThrough(Instant now, Duration pause) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      renew(connection, now.plus(pause));
    }
  }

  /**
   * What one call did.
   *
   * @param predictions log entries read that name a flight (the others are read past)
   * @param outcomes kept predictions given an outcome
   * @param caughtUp whether nothing more waits (or another instance holds the lease)
   */
  public record Progress(long predictions, long outcomes, boolean caughtUp) {}

  /**
   * If this instance holds the lease (or takes it), reads what the log gained and gives outcomes to
   * the predictions of flights that have left: at most {@code batches} batches of each, each a
   * transaction that renews the lease and goes no further if another instance has taken it.
   */
  public Progress catchUp(Instant now, int batches) throws SQLException {
    return catchUp(now, batches, Duration.ofDays(1));
  }

  /**
   * {@link #catchUp(Instant, int)}, starting no batch of the log's once {@code budget} is spent
   * (the first always runs); departures are followed whatever is left, as they are cheap and give
   * outcomes to rows already kept.
   */
  Progress catchUp(Instant now, int batches, Duration budget) throws SQLException {
    if (!takeLease(now)) {
      return new Progress(0, 0, true);
    }
    long begin = System.nanoTime();
    long predictions = 0;
    long outcomes = 0;
    boolean logRead = false;
    for (int batch = 0;
        batch < batches && !logRead && (batch == 0 || System.nanoTime() - begin < budget.toNanos());
        batch++) {
      Progress one = readBatch();
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
    if (Duration.between(forgotten, now).toHours() >= 1) {
      forgetOld();
      forgotten = now;
    }
    return new Progress(predictions, outcomes, logRead && changesRead);
  }

  /**
   * Once an hour: forgets the kept predictions of flights older than the retention, counted back
   * from the latest departure (none while the store holds no departure: predictions of a recorded
   * year made before its departures are replayed are not old).
   */
  private void forgetOld() throws SQLException {
    java.util.Optional<LocalDateTime> latest = clock.latestDeparture();
    if (latest.isEmpty()) {
      return;
    }
    LocalDateTime before = latest.get().minus(retention);
    try (Connection connection = dataSource.getConnection()) {
      int forgot = PredictionOutcomes.forgetBefore(connection, before);
      if (forgot > 0) {
        // What it knew of the deleted rows would keep their flights from being kept again.
        kept.forget();
        LOG.infof("forgot %d kept predictions of flights scheduled before %s", forgot, before);
      }
    }
  }

  private Progress readBatch() throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        State state = holdState(connection);
        if (state == null) {
          connection.rollback();
          return new Progress(0, 0, true);
        }
        // The log is read into one map until it holds a batch of kept predictions, ending within a
        // segment of it: a flight predicted many times in the batch is written once.
        Map<PredictionOutcomes.Key, PredictionOutcomes.Latest> latest = new HashMap<>();
        // The stored flight's id each name was logged with, where it was asked about by id.
        Map<FlightName, Long> ids = new HashMap<>();
        // Predictions a later one of other inputs replaced in the batch, by key (rarely any).
        Map<PredictionOutcomes.Key, List<PredictionOutcomes.Latest>> replaced = new HashMap<>();
        long[] named = {0};
        long scanned = 0;
        long reached = state.logSeq();
        int segments = 1;
        // Bounded by the entries read past too: a log of unnamed predictions is read a batch at a
        // time, each committed, with the lease renewed and the share kept between them.
        while (latest.size() < keptPerBatch && scanned < (long) SCANNED_PER_KEPT * keptPerBatch) {
          long before = reached;
          PredictionLogReader.Reached read =
              PredictionLogReader.readAfter(
                  connection,
                  before,
                  segments,
                  LoggedPrediction::namesAFlight,
                  entry -> {
                    named[0]++;
                    keep(entry, latest, ids, replaced);
                  });
          reached = read.last();
          if (reached == before) {
            break;
          }
          scanned += read.entries();
          // Judged by every entry the segments held, named or not: a segment of unnamed
          // predictions read past would otherwise look empty, and the next read take eight.
          long perSegment = Math.max(1, read.entries() / segments);
          segments =
              Math.clamp((keptPerBatch - latest.size()) / perSegment, 1, MAX_SEGMENTS_PER_READ);
        }
        if (reached == state.logSeq()) {
          connection.rollback();
          return new Progress(0, 0, true);
        }
        // Only what would change a row goes to the store, and only its flights are looked up. A
        // key whose batch held predictions of other inputs is looked up whatever its latest: the
        // flight's own may be among those it replaced.
        latest
            .entrySet()
            .removeIf(entry ->
                !replaced.containsKey(entry.getKey())
                    && kept.unchanged(entry.getKey(), entry.getValue()));
        Set<FlightName> predicted = new HashSet<>();
        latest.keySet().forEach(key -> predicted.add(key.flight()));
        Set<FlightName> shared = new HashSet<>();
        Map<FlightName, Flight> stored = stored(predicted, ids, state, shared);
        keepOnlyThoseOfTheStoredFlights(latest, replaced, stored, shared);
        Map<FlightName, Flight> departed = new HashMap<>();
        stored.forEach((name, flight) -> {
          if (flight.hasDeparted()) {
            departed.put(name, flight);
          }
        });
        PredictionOutcomes.Added added =
            PredictionOutcomes.add(connection, latest, departed, kept::knows);
        moveTo(connection, "cursor_log_seq", reached);
        connection.commit();
        kept.wrote(added.kept());
        read.increment((double) named[0]);
        scannedEntries.increment((double) scanned);
        resolved.increment((double) added.outcomes());
        return new Progress(named[0], added.outcomes(), false);
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    }
  }

  /**
   * Keeps an entry that names a flight (the reader hands on no other); the one it replaces goes to
   * {@code replaced} when the two were of other inputs.
   */
  private static void keep(
      LoggedPrediction entry,
      Map<PredictionOutcomes.Key, PredictionOutcomes.Latest> latest,
      Map<FlightName, Long> ids,
      Map<PredictionOutcomes.Key, List<PredictionOutcomes.Latest>> replaced) {
    FlightName name =
        new FlightName(entry.airline(), entry.flightNumber(), entry.scheduledDeparture());
    if (entry.flightId() > 0) {
      ids.put(name, entry.flightId());
    }
    PredictionOutcomes.Key key =
        new PredictionOutcomes.Key(entry.modelVersion(), entry.shadow(), name);
    PredictionOutcomes.Latest made =
        new PredictionOutcomes.Latest(
            entry.probability(),
            entry.delayed(),
            LocalDateTime.ofInstant(Instant.ofEpochMilli(entry.loggedAtMillis()), ZoneOffset.UTC),
            entry.flightType() == null
                ? null
                : new PredictionOutcomes.Inputs(
                    entry.airlineCode(), entry.destination(), entry.flightType(), entry.context()));
    PredictionOutcomes.Latest before = latest.putIfAbsent(key, made);
    if (before != null) {
      if (!PredictionOutcomes.sameFlight(before.inputs(), made.inputs())) {
        // The one later() passes over.
        replaced
            .computeIfAbsent(key, k -> new ArrayList<>())
            .add(made.loggedAt().isBefore(before.loggedAt()) ? made : before);
      }
      latest.put(key, before.later(made));
    }
  }

  /**
   * Leaves, for each key of a stored flight, the latest prediction of that flight as stored, or
   * none: a caller's prediction of other inputs under its name is of another flight, which never
   * gets this flight's outcome, and kept it would take the place of the flight's own until
   * retention.
   */
  private static void keepOnlyThoseOfTheStoredFlights(
      Map<PredictionOutcomes.Key, PredictionOutcomes.Latest> latest,
      Map<PredictionOutcomes.Key, List<PredictionOutcomes.Latest>> replaced,
      Map<FlightName, Flight> stored,
      Set<FlightName> shared) {
    var entries = latest.entrySet().iterator();
    while (entries.hasNext()) {
      Map.Entry<PredictionOutcomes.Key, PredictionOutcomes.Latest> entry = entries.next();
      Flight flight = stored.get(entry.getKey().flight());
      // A name two stored flights share (two codes of one airline) cannot tell them apart.
      if (flight == null
          || shared.contains(entry.getKey().flight())
          || PredictionOutcomes.describes(entry.getValue().inputs(), flight)) {
        continue;
      }
      PredictionOutcomes.Latest own = null;
      for (PredictionOutcomes.Latest earlier : replaced.getOrDefault(entry.getKey(), List.of())) {
        if (PredictionOutcomes.describes(earlier.inputs(), flight)) {
          own = own == null ? earlier : own.later(earlier);
        }
      }
      if (own == null) {
        entries.remove();
      } else {
        entry.setValue(own);
      }
    }
  }

  /** Gives outcomes to the kept predictions of the flights the store's next changes depart. */
  private Progress followDepartures() throws SQLException {
    long latest = flights.clock().changeSeq();
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        State state = holdState(connection);
        if (state == null || state.changeSeq() >= latest) {
          connection.rollback();
          return new Progress(0, 0, true);
        }
        long upTo = Math.min(latest, state.changeSeq() + CHANGES_PER_BATCH);
        List<Flight> departed = new ArrayList<>();
        for (JdbcFlightStore.Changed change :
            flights.changesBetween(state.changeSeq(), upTo, List.of())) {
          if (change.flight().flight().hasDeparted()) {
            departed.add(change.flight().flight());
          }
        }
        int outcomes = PredictionOutcomes.resolve(connection, departed);
        moveTo(connection, "cursor_change_seq", upTo);
        connection.commit();
        resolved.increment((double) outcomes);
        return new Progress(0, outcomes, upTo >= latest);
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    }
  }

  /**
   * Where the monitor is, in the log and in the store's changes.
   *
   * @param logSeq the number of the last log segment read
   * @param changeSeq the last store change looked at for departures
   */
  private record State(long logSeq, long changeSeq) {}

  /**
   * The monitor's state, its row locked until the transaction ends, and the lease renewed; null
   * when another instance has taken the lease since this one last renewed it.
   */
  private State holdState(Connection connection) throws SQLException {
    State state;
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT cursor_log_seq, cursor_change_seq FROM monitor_state WHERE id = 1"
                + " AND holder = ? FOR UPDATE")) {
      select.setString(1, holder);
      try (ResultSet rows = select.executeQuery()) {
        if (!rows.next()) {
          return null;
        }
        state = new State(rows.getLong(1), rows.getLong(2));
      }
    }
    renew(connection, Instant.now());
    return state;
  }

  /**
   * The stored flights among {@code wanted}, left or not. A flight logged with its id is looked up
   * in this instance's memory when that holds every store change the monitor has passed ({@code
   * state}): a departure it has not passed comes later, with the changes it follows. The others are
   * read from the store by scheduled time, at most a day at a time rather than one query per
   * flight: reading every day of a batch spread over the year cost as much as the requests that
   * logged it (docs/PERFORMANCE.md). Names two stored flights share go to {@code shared}.
   */
  private Map<FlightName, Flight> stored(
      Set<FlightName> wanted, Map<FlightName, Long> ids, State state, Set<FlightName> shared) {
    Map<FlightName, Flight> found = new HashMap<>();
    Set<FlightName> unread = wanted;
    if (feed != null && feed.holdsChangesUpTo(state.changeSeq())) {
      unread = new HashSet<>();
      for (FlightName name : wanted) {
        Long id = ids.get(name);
        Flight flight = id == null ? null : flights.find(id).map(StoredFlight::flight).orElse(null);
        if (flight != null && name.equals(FlightName.of(flight))) {
          found.put(name, flight);
        } else {
          unread.add(name);
        }
      }
    }
    readStored(unread, found, shared);
    return found;
  }

  /** Adds the stored flights among {@code wanted}, read from the store. */
  private void readStored(
      Set<FlightName> wanted, Map<FlightName, Flight> found, Set<FlightName> shared) {
    TreeSet<LocalDateTime> times = new TreeSet<>();
    wanted.forEach(name -> times.add(name.scheduledDeparture()));
    while (!times.isEmpty()) {
      LocalDateTime first = times.first();
      LocalDateTime last = first;
      for (LocalDateTime t : times.tailSet(first, true)) {
        if (t.isAfter(first.plusDays(1))) {
          break;
        }
        last = t;
      }
      for (StoredFlight stored : flights.scheduledBetween(first, last.plusSeconds(1))) {
        Flight flight = stored.flight();
        FlightName name = FlightName.of(flight);
        if (wanted.contains(name)) {
          Flight other = found.put(name, flight);
          if (other != null && !other.equals(flight)) {
            shared.add(name);
          }
        }
      }
      times.headSet(last, true).clear();
    }
  }

  /** What this instance knows it wrote of the kept rows. */
  KeptPredictions kept() {
    return kept;
  }

  /**
   * Takes or renews the lease: true when this instance monitors until {@code now} plus the lease. A
   * lease taken rather than renewed may follow another holder's writes: what this instance knew of
   * the kept rows is forgotten.
   */
  boolean takeLease(Instant now) throws SQLException {
    LocalDateTime until = LocalDateTime.ofInstant(now.plus(lease), ZoneOffset.UTC);
    try (Connection connection = dataSource.getConnection()) {
      if (renew(connection, now)) {
        return true;
      }
      try (PreparedStatement take =
          connection.prepareStatement(
              "UPDATE monitor_state SET holder = ?, lease_until = ? WHERE id = 1"
                  + " AND (holder IS NULL OR lease_until < ?)")) {
        take.setString(1, holder);
        take.setObject(2, until);
        take.setObject(3, LocalDateTime.ofInstant(now, ZoneOffset.UTC));
        if (take.executeUpdate() == 1) {
          kept.forget();
          return true;
        }
        return false;
      }
    }
  }

  /** Renews the lease from {@code now} if this instance holds it; whether it did. */
  private boolean renew(Connection connection, Instant now) throws SQLException {
    try (PreparedStatement renew =
        connection.prepareStatement(
            "UPDATE monitor_state SET lease_until = ? WHERE id = 1 AND holder = ?")) {
      renew.setObject(1, LocalDateTime.ofInstant(now.plus(lease), ZoneOffset.UTC));
      renew.setString(2, holder);
      return renew.executeUpdate() == 1;
    }
  }

  private static void moveTo(Connection connection, String cursor, long value) throws SQLException {
    // The column is one of two this class names, never a caller's text.
    try (PreparedStatement update =
        connection.prepareStatement("UPDATE monitor_state SET " + cursor + " = ? WHERE id = 1")) {
      update.setLong(1, value);
      update.executeUpdate();
    }
  }
}
