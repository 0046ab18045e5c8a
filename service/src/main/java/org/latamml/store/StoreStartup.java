package org.latamml.store;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.latamml.config.ServiceSettings;

/**
 * On start, imports the file {@code FLIGHTS_CSV} names when the store is empty, and loads the
 * flights, beginning as soon as the store is migrated. Then it follows the store every {@code
 * latam.store.refresh} (1 s): an import by another process reloads it, events written through
 * another instance are applied ({@link ChangeFeed}).
 */
@ApplicationScoped
public class StoreStartup {
  private static final Logger LOG = Logger.getLogger(StoreStartup.class);

  private final JdbcFlightStore store;
  private final ChangeFeed feed;
  private final AgroalDataSource dataSource;
  private final Optional<String> flightsCsv;
  private final java.time.Duration refresh;
  private final java.time.Duration probeInterval;
  private final ScheduledExecutorService scheduler;
  private CompletableFuture<Void> loading;
  private volatile boolean reachable;

  @Inject
  StoreStartup(
      JdbcFlightStore store,
      ChangeFeed feed,
      AgroalDataSource dataSource,
      ServiceSettings settings,
      ScheduledExecutorService scheduler) {
    this(
        store,
        feed,
        dataSource,
        settings.flightsCsv().map(Path::toString),
        settings.store().refresh(),
        settings.store().probeInterval(),
        scheduler);
  }

  StoreStartup(
      JdbcFlightStore store,
      ChangeFeed feed,
      AgroalDataSource dataSource,
      Optional<String> flightsCsv,
      java.time.Duration refresh,
      java.time.Duration probeInterval,
      ScheduledExecutorService scheduler) {
    this.scheduler = scheduler;
    this.probeInterval = probeInterval;
    this.store = store;
    this.feed = feed;
    this.dataSource = dataSource;
    this.flightsCsv = flightsCsv;
    this.refresh = refresh;
  }

  /** Applies what another process or instance changed in the store. */
  void reloadIfChanged() {
    try {
      feed.follow();
    } catch (StoreException e) {
      if (!JvmExit.underway()) {
        LOG.warnf("flight store check failed: %s", e.getMessage());
      }
    } catch (RuntimeException e) {
      if (JvmExit.underway()) {
        return;
      }
      // Anything else too: an exception would end the schedule, and the instance would stop
      // following the store for good, silently.
      LOG.errorf(e, "following the flight store failed; trying again at the next check");
    }
  }

  /**
   * Whether the store answered its last probe: readiness reads this, so that a probe never waits
   * for a database connection, however often the platform asks.
   */
  public boolean isReachable() {
    return reachable;
  }

  void probe() {
    boolean was = reachable;
    try {
      reachable = store.isReachable();
    } catch (RuntimeException e) {
      if (JvmExit.underway()) {
        return;
      }
      // A probe that throws must not end the schedule, nor leave readiness as it was.
      reachable = false;
      LOG.warnf("flight store probe failed: %s", e.getMessage());
    }
    // Said once as it changes: readiness then answers 503 at every probe, logged as a warning.
    if (was && !reachable) {
      LOG.error("the flight store stopped answering: not ready until it answers again");
    } else if (!was && reachable) {
      LOG.info("the flight store answers again");
    }
  }

  private void schedule(Runnable task, long millis) {
    var unused = scheduler.scheduleWithFixedDelay(task, millis, millis, TimeUnit.MILLISECONDS);
  }

  void startChecking() {
    reachable = true;
    long millis = refresh.toMillis();
    if (millis > 0) {
      schedule(this::reloadIfChanged, millis);
    }
    long probeMillis = Math.max(probeInterval.toMillis(), 100);
    schedule(this::probe, probeMillis);
  }

  /**
   * Begins loading the store in the background, once: called as soon as Flyway has migrated it
   * ({@link LoadAfterMigration}), so that reading it overlaps the rest of the start.
   */
  synchronized void beginLoading() {
    if (loading != null) {
      return;
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    // On Quarkus's managed pool, which a shutdown stops, like the store's other background work.
    scheduler.execute(() -> {
      try {
        load();
        done.complete(null);
      } catch (Throwable e) {
        // Errors too (the heap running out): the start must end, not wait.
        done.completeExceptionally(e);
      }
    });
    loading = done;
  }

  /** The start waits for the store: a started service answers every flight from memory. */
  void onStart(@Observes StartupEvent event) throws IOException, SQLException {
    beginLoading();
    try {
      loading.join();
    } catch (CompletionException e) {
      switch (e.getCause()) {
        case IOException io -> throw io;
        case SQLException sql -> throw sql;
        case RuntimeException runtime -> throw runtime;
        case Error error -> throw error;
        default -> throw e;
      }
    }
    startChecking();
  }

  private void load() throws IOException, SQLException {
    long count = store.count();
    if (count > 0 || flightsCsv.isEmpty() || flightsCsv.get().isBlank()) {
      long start = System.nanoTime();
      feed.load();
      LOG.infof(
          "flight store holds %d flights%s (%d ms)",
          count,
          store.answersFromMemory() ? ", in memory" : "",
          (System.nanoTime() - start) / 1_000_000);
      if (count == 0) {
        LOG.info(
            "the store is empty: predictions by id answer 404 until flights are imported"
                + " (./latam import-flights <csv>, or FLIGHTS_CSV=<csv> on start)");
      }
      return;
    }
    Path file = Path.of(flightsCsv.get());
    LOG.infof("flight store is empty: importing %s", file);
    ImportResult result =
        new FlightImporter(dataSource::getConnection).importFile(file, false, rows -> {});
    feed.load();
    LOG.infof("imported %d flights from %s", result.rows(), file);
  }
}
