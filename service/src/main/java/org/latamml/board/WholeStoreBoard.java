package org.latamml.board;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.jboss.logging.Logger;
import org.latamml.features.DepartureBoard;
import org.latamml.store.JdbcFlightStore;
import org.latamml.store.StoredFlight;

/**
 * One {@link DepartureBoard} of every flight the store holds in memory, the board training reads
 * the whole file with: a day not held current answers from it with a few binary searches instead of
 * reading five days from the store (docs/PERFORMANCE.md, "Every day's context"). It is built in the
 * background after each load, from the flights in memory and in bounded memory; a day near a flight
 * changed since is not answered from it until the next build takes the change in.
 */
final class WholeStoreBoard {
  private static final Logger LOG = Logger.getLogger(WholeStoreBoard.class);

  /**
   * Days before a flight's whose changes may change its context: a context reads departures from
   * four weeks and an hour before its flight, which left within a day of their schedule.
   */
  static final int REACH_BEFORE_DAYS = DayBoard.DAYS_BEFORE + 1;

  /** Days after it: a context reads departures up to 23 hours after its flight. */
  static final int REACH_AFTER_DAYS = 3;

  /** The least time between two builds by default; at least ten times the last build's. */
  static final java.time.Duration QUIET = java.time.Duration.ofSeconds(5);

  private record Built(DepartureBoard board, Map<LocalDate, LocalDateTime> lastLateReports) {}

  private final JdbcFlightStore store;
  // Null: each build runs at once in the caller's thread (tests).
  private final ScheduledExecutorService builder;
  private volatile Built built;
  // Days with a flight changed since the board's build began, with the change's number.
  private final Map<LocalDate, Long> changedDays = new ConcurrentHashMap<>();
  private final AtomicLong changes = new AtomicLong();
  // A load replaces the store's flights: a build begun before it is not published.
  private final AtomicLong loads = new AtomicLong();
  private final AtomicBoolean pending = new AtomicBoolean();
  private final long quietNanos;
  private volatile long lastBuildEnded;
  private volatile long lastBuildTook;
  // Builds failed in a row (only the builder's thread counts them).
  private int failures;

  WholeStoreBoard(
      JdbcFlightStore store, ScheduledExecutorService builder, java.time.Duration quiet) {
    this.store = store;
    this.builder = builder;
    this.quietNanos = quiet.toNanos();
    this.lastBuildEnded = System.nanoTime() - quietNanos;
  }

  /**
   * The board to read a flight scheduled on {@code day} from, as known at {@code asOf}, or null
   * when this one cannot say: not built yet, the flights not held in memory, a flight near the day
   * changed since, or a departure near it reported after {@code asOf}.
   */
  DepartureBoard boardFor(LocalDate day, LocalDateTime asOf) {
    // The marks before the board: a build publishes its board before it clears the marks it took
    // in, so a day found unmarked here is in the board read after.
    if (!changedDays.isEmpty()) {
      for (LocalDate d = day.minusDays(REACH_BEFORE_DAYS);
          !d.isAfter(day.plusDays(REACH_AFTER_DAYS));
          d = d.plusDays(1)) {
        if (changedDays.containsKey(d)) {
          return null;
        }
      }
    }
    Built now = built;
    if (now == null) {
      return null;
    }
    if (asOf != null && !now.lastLateReports().isEmpty()) {
      LocalDateTime known = asOf.truncatedTo(ChronoUnit.MINUTES);
      for (LocalDate d = day.minusDays(REACH_BEFORE_DAYS);
          !d.isAfter(day.plusDays(REACH_AFTER_DAYS));
          d = d.plusDays(1)) {
        LocalDateTime late = now.lastLateReports().get(d);
        if (late != null && late.isAfter(known)) {
          return null;
        }
      }
    }
    return now.board();
  }

  /** Stops building: the service is stopping. */
  void close() {
    if (builder != null) {
      builder.shutdownNow();
    }
  }

  /** Whether it is built: the flights held in memory, and read since the last load. */
  boolean isBuilt() {
    return built != null;
  }

  /** Notes a flight scheduled on {@code day} changed; the caller applies changes one at a time. */
  void changed(LocalDate day) {
    changedDays.put(day, changes.incrementAndGet());
  }

  /**
   * Drops the board when the store has been read again (an import), before anything else is taken
   * in, and builds it again from the flights now held; a build begun before is not published.
   */
  void loaded() {
    synchronized (this) {
      loads.incrementAndGet();
      built = null;
      changedDays.clear();
    }
    request();
  }

  /** Builds again, soon, if a flight changed on a day {@code held} does not hold current. */
  void rebuildIfChangedBeyond(Predicate<LocalDate> held) {
    for (LocalDate day : changedDays.keySet()) {
      if (!held.test(day)) {
        request();
        return;
      }
    }
  }

  private void request() {
    if (builder == null) {
      build();
      return;
    }
    if (pending.compareAndSet(false, true)) {
      var unused = builder.schedule(this::buildWhenQuiet, untilQuiet(), TimeUnit.NANOSECONDS);
    }
  }

  /** Nanoseconds until the quiet time after the last build has passed. */
  private long untilQuiet() {
    long quiet = Math.max(quietNanos, 10 * lastBuildTook);
    return Math.max(0, lastBuildEnded + quiet - System.nanoTime());
  }

  /**
   * Builds, unless a build ended since this one was asked for: then waits out the quiet time after
   * it, so that changes arriving during a build do not start the next at once.
   */
  private void buildWhenQuiet() {
    long wait = untilQuiet();
    if (wait > 0) {
      var unused = builder.schedule(this::buildWhenQuiet, wait, TimeUnit.NANOSECONDS);
      return;
    }
    pending.set(false);
    build();
  }

  private void build() {
    long load = loads.get();
    // Changes numbered up to here are in the store's memory already (the store takes a change in
    // before the board hears of it), so the flights read below hold them.
    long upTo = changes.get();
    long started = System.nanoTime();
    boolean failed = false;
    try {
      // Sized by the flights held, never by the store's count: a store too large to hold is not
      // built from, and must not be allocated for.
      DepartureBoard.Builder board =
          new DepartureBoard.Builder(
              (int) Math.min(Integer.MAX_VALUE - 8, Math.max(0, store.heldCount())));
      Map<LocalDate, LocalDateTime> lastLateReports = new HashMap<>();
      long[] flights = {0};
      boolean held =
          store.eachHeld(flight -> {
            flights[0]++;
            board.add(flight.flight());
            noteLateReport(flight, lastLateReports);
          });
      Built made = held ? new Built(board.build(), Map.copyOf(lastLateReports)) : null;
      synchronized (this) {
        if (loads.get() != load) {
          return; // an import came in meanwhile: its own build follows
        }
        // Null when the store no longer holds its flights in memory: nothing to build from.
        built = made;
        // Removed only if not changed again since: a later change may not be in what was read.
        for (Map.Entry<LocalDate, Long> day : Map.copyOf(changedDays).entrySet()) {
          if (day.getValue() <= upTo) {
            changedDays.remove(day.getKey(), day.getValue());
          }
        }
      }
      if (made != null) {
        failures = 0;
        LOG.infof(
            "board of every stored flight built: %d flights in %d ms",
            flights[0], (System.nanoTime() - started) / 1_000_000);
      }
    } catch (Throwable e) {
      // Whatever the build held is garbage now; days are read from the store meanwhile, and the
      // build is tried again later and later (out of memory would likely fail again at once).
      failed = true;
      failures++;
      LOG.warnf(
          "the board of every stored flight could not be built (days are read from the store;"
              + " tried again in %d s): %s",
          retryNanos() / 1_000_000_000L, e.toString());
    } finally {
      lastBuildTook = System.nanoTime() - started;
      lastBuildEnded = System.nanoTime();
    }
    if (failed && builder != null && pending.compareAndSet(false, true)) {
      var unused = builder.schedule(this::buildWhenQuiet, retryNanos(), TimeUnit.NANOSECONDS);
    }
  }

  /** How long after the last failed build to try again: the quiet time, doubled per failure. */
  private long retryNanos() {
    return Math.min(TimeUnit.MINUTES.toNanos(10), quietNanos << Math.min(failures, 7));
  }

  /** Keeps, per scheduled day, the latest report of a departure made after the flight left. */
  private static void noteLateReport(StoredFlight flight, Map<LocalDate, LocalDateTime> latest) {
    LocalDateTime known = flight.departureKnown();
    if (known != null && known.isAfter(flight.flight().actualDeparture())) {
      latest.merge(
          flight.flight().scheduledDeparture().toLocalDate(),
          known.truncatedTo(ChronoUnit.MINUTES),
          (a, b) -> a.isAfter(b) ? a : b);
    }
  }
}
