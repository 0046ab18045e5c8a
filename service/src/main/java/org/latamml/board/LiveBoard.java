package org.latamml.board;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.latamml.app.WouldBlock;
import org.latamml.config.ServiceSettings;
import org.latamml.features.DepartureBoard;
import org.latamml.features.FlightContext;
import org.latamml.flight.Flight;
import org.latamml.store.FlightsChanged;
import org.latamml.store.JdbcFlightStore;
import org.latamml.store.StoreException;
import org.latamml.store.StoredFlight;

/**
 * The airport's departure board as the store knows it, by day: the days around the airport's
 * current day (that of the latest departure) are read at start and kept current as events arrive;
 * any other day (a 2017 flight asked by id) reads the board of every stored flight, or, near a
 * change that board has not taken in yet, is read from the store when asked and kept among a few.
 * Every instance follows the store, so every instance's board is the same.
 */
@Singleton
public class LiveBoard {
  /** Days read from the store at once, one per core of the instances the service is sized for. */
  public static final int DAYS_READ_AT_ONCE = 2;

  // How often a request waiting to read a day looks whether it can be answered from memory now.
  private static final long READ_WAIT_STEP_MILLIS = 20;

  // How long a request waits for a turn to read a day before it is answered 503, as long as the
  // connection pool waits for a connection (quarkus.datasource.jdbc.acquisition-timeout, 5 s by
  // default).
  private static final long READ_WAIT_MILLIS = 5_000;

  private final JdbcFlightStore store;
  private final java.time.ZoneId zone;
  private final int daysBack;
  private final int daysAhead;
  private final Map<LocalDate, DayBoard> live = new ConcurrentHashMap<>();
  private final Cache<LocalDate, DayBoard> others;
  private final WholeStoreBoard whole;
  // Days read from the store at once. Until the board of every stored flight is built (after
  // start, after an import) each request for an old day would read one: 64 callers asking 64 days
  // held 64 reads of five weeks' flights at once, exhausted the connection pool and, on ten years
  // in a 112 MB heap, ran the service out of memory (docs/PERFORMANCE.md, "Ten years after
  // start").
  // Not fair: a waiter's timed tries leave and rejoin its queue, so it could not be kept.
  private final java.util.concurrent.Semaphore reads =
      new java.util.concurrent.Semaphore(DAYS_READ_AT_ONCE);
  private LocalDate today;
  private final java.util.concurrent.atomic.AtomicLong version =
      new java.util.concurrent.atomic.AtomicLong();

  @Inject
  LiveBoard(JdbcFlightStore store, ServiceSettings settings) {
    this(
        store,
        settings.board().daysBack(),
        settings.board().daysAhead(),
        settings.board().cachedDays(),
        settings.airportZone(),
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("whole-store-board").daemon().factory()),
        WholeStoreBoard.QUIET);
  }

  /**
   * A board over the store keeping {@code daysBack} and {@code daysAhead} days around the airport's
   * current day current, and {@code cachedDays} others once read; the board of every stored flight
   * is built at once, in the caller's thread, whenever it must be (tests).
   */
  public LiveBoard(
      JdbcFlightStore store, int daysBack, int daysAhead, int cachedDays, java.time.ZoneId zone) {
    this(store, daysBack, daysAhead, cachedDays, zone, null, WholeStoreBoard.QUIET);
  }

  @jakarta.annotation.PreDestroy
  void close() {
    whole.close();
  }

  /**
   * A board whose board of every stored flight is built by {@code builder} (null: at once, in the
   * caller's thread), {@code quiet} at least after the last build.
   */
  public LiveBoard(
      JdbcFlightStore store,
      int daysBack,
      int daysAhead,
      int cachedDays,
      java.time.ZoneId zone,
      java.util.concurrent.ScheduledExecutorService builder,
      java.time.Duration quiet) {
    this.store = store;
    this.whole = new WholeStoreBoard(store, builder, quiet);
    this.zone = zone;
    this.daysBack = daysBack;
    this.daysAhead = daysAhead;
    this.others = Caffeine.newBuilder().maximumSize(cachedDays).build();
  }

  /**
   * The context of a flight as the store knew it at {@code asOf} (null: everything it knows): the
   * departures that had left and been reported by then.
   */
  public FlightContext contextOf(Flight flight, LocalDateTime asOf) {
    return boardOf(DayBoard.dayOf(flight), asOf).contextOf(flight, asOf);
  }

  /**
   * Whether the departures known at {@code asOf} (null: all) span the flight's context window (see
   * {@link org.latamml.features.DepartureBoard#covers}).
   */
  public boolean covers(Flight flight, LocalDateTime asOf) {
    return boardOf(DayBoard.dayOf(flight), asOf).covers(flight, asOf);
  }

  /**
   * Whether contexts are read from memory: the board of every stored flight is built. A few days
   * may still be read from the store (near a change it has not taken in yet), which an event loop
   * refuses ({@link WouldBlock}).
   */
  public boolean answersFromMemory() {
    return whole.isBuilt();
  }

  /**
   * What tells whether the context of a flight of {@code day}, every departure known, may have
   * changed: the same object for as long as it has not, holding nothing of the board (an answer
   * kept with it must not keep a board rebuilt since alive).
   *
   * @throws WouldBlock on an event loop, when the day must be read from the store
   */
  public Object contextStamp(LocalDate day) {
    return boardOf(day, null).stamp();
  }

  /**
   * Whether a flight of {@code day} asked about with every departure known reads the board of every
   * stored flight: the day is not held current, and that board is built and holds every change near
   * it (tests, diagnostics).
   */
  public boolean readsEveryStoredFlight(LocalDate day) {
    return !live.containsKey(day) && whole.boardFor(day, null) != null;
  }

  /**
   * The departures a flight of {@code day} reads: a day held current has its own board; any other
   * the board of every stored flight, unless a change near the day is not in it yet.
   */
  private DepartureBoard boardOf(LocalDate day, LocalDateTime asOf) {
    while (true) {
      DayBoard current = live.get(day);
      if (current != null) {
        return current.board(asOf);
      }
      DepartureBoard all = whole.boardFor(day, asOf);
      if (all != null) {
        return all;
      }
      // Null: the board of every stored flight came to answer for the day while it waited to read.
      DayBoard board = dayBoard(day, () -> whole.boardFor(day, asOf) != null);
      if (board != null) {
        return board.board(asOf);
      }
    }
  }

  /** The stored flights scheduled at or after {@code from}, for up to a day, in schedule order. */
  public List<StoredFlight> scheduled(LocalDateTime from, LocalDateTime to) {
    if (to.isAfter(from.plusDays(1))) {
      throw new IllegalArgumentException("a board spans a day at most");
    }
    return dayBoard(from.toLocalDate()).scheduled(from, to);
  }

  /** The airport's current day: that of the latest departure stored, if any. */
  public synchronized java.util.Optional<LocalDate> today() {
    return java.util.Optional.ofNullable(today);
  }

  /**
   * A number that changes whenever what the board knows changes (after the change is in), so that
   * an answer made from it may be kept until then.
   */
  public long version() {
    return version.get();
  }

  /** The days held current in memory, for readiness and tests. */
  public Set<LocalDate> liveDays() {
    return Set.copyOf(live.keySet());
  }

  private DayBoard dayBoard(LocalDate day) {
    return dayBoard(day, () -> false);
  }

  /**
   * The day's board, held or read from the store; null when {@code answeredElsewhere} turned true
   * while it waited its turn to read.
   */
  private DayBoard dayBoard(LocalDate day, java.util.function.BooleanSupplier answeredElsewhere) {
    while (true) {
      DayBoard board = held(day);
      if (board != null) {
        return board;
      }
      if (!awaitTurnToRead(() -> held(day) != null || answeredElsewhere.getAsBoolean())) {
        if (answeredElsewhere.getAsBoolean()) {
          return null;
        }
        continue; // another caller read the day
      }
      // The turn is held until the flights read are made a board, so that no more than the turns'
      // reads are in memory at once; it is taken before the lock, never under it.
      try {
        return read(day);
      } finally {
        reads.release();
      }
    }
  }

  /**
   * Reads a day from the store, outside the lock, so that a board asked for an old day holds up
   * neither events nor other days; the day joins the boards only if no change was applied meanwhile
   * (it could be missing from the read), else it is read again, and after three tries under the
   * lock.
   */
  private DayBoard read(LocalDate day) {
    for (int attempt = 1; attempt <= 3; attempt++) {
      long before;
      synchronized (this) {
        DayBoard held = held(day);
        if (held != null) {
          return held;
        }
        before = version.get();
      }
      List<StoredFlight> flights = store.scheduledBetween(DayBoard.from(day), DayBoard.to(day));
      synchronized (this) {
        DayBoard held = held(day);
        if (held != null) {
          return held;
        }
        if (version.get() == before) {
          return hold(new DayBoard(day, flights));
        }
      }
    }
    synchronized (this) {
      DayBoard held = held(day);
      return held != null
          ? held
          : hold(new DayBoard(day, store.scheduledBetween(DayBoard.from(day), DayBoard.to(day))));
    }
  }

  /**
   * Waits for a turn to read a day from the store (release it after), or returns false once {@code
   * answeredElsewhere} says the caller need not read after all.
   *
   * @throws StoreException when no turn came within {@link #READ_WAIT_MILLIS}
   */
  private boolean awaitTurnToRead(java.util.function.BooleanSupplier answeredElsewhere) {
    WouldBlock.unlessMayBlock();
    if (reads.tryAcquire()) {
      return true;
    }
    long deadline = System.nanoTime() + READ_WAIT_MILLIS * 1_000_000;
    try {
      while (!reads.tryAcquire(READ_WAIT_STEP_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS)) {
        if (answeredElsewhere.getAsBoolean()) {
          return false;
        }
        if (System.nanoTime() - deadline > 0) {
          throw new StoreException(
              "no turn to read a day's flights from the store within " + READ_WAIT_MILLIS + " ms",
              null);
        }
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting to read a day's flights", e);
    }
  }

  private DayBoard held(LocalDate day) {
    DayBoard board = live.get(day);
    return board != null ? board : others.getIfPresent(day);
  }

  private DayBoard hold(DayBoard board) {
    if (isLive(board.day())) {
      live.put(board.day(), board);
    } else {
      others.put(board.day(), board);
    }
    return board;
  }

  void onChange(@Observes FlightsChanged changed) {
    apply(changed);
  }

  /** Takes in what changed in the store: every held day the changed flights belong on. */
  public synchronized void apply(FlightsChanged changed) {
    try {
      take(changed);
    } finally {
      version.incrementAndGet();
    }
  }

  private void take(FlightsChanged changed) {
    if (changed.reloaded()) {
      // First: no day may answer from the board of the flights before the load.
      whole.loaded();
      live.clear();
      others.invalidateAll();
      today =
          store
              .latestDepartureUpTo(tomorrow().plusDays(1).atStartOfDay())
              .map(LocalDateTime::toLocalDate)
              .orElse(null);
      moveTo(today);
      return;
    }
    Set<DayBoard> touched = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    LocalDate latest = today;
    LocalDate tomorrow = tomorrow();
    for (StoredFlight flight : changed.flights()) {
      LocalDate day = flight.flight().scheduledDeparture().toLocalDate();
      whole.changed(day);
      // The boards holding it: those of the days up to DAYS_AFTER before it to DAYS_BEFORE after.
      for (LocalDate d = day.minusDays(DayBoard.DAYS_AFTER);
          !d.isAfter(day.plusDays(DayBoard.DAYS_BEFORE));
          d = d.plusDays(1)) {
        DayBoard board = held(d);
        if (board != null && board.holds(flight.flight().scheduledDeparture())) {
          board.put(flight);
          touched.add(board);
        }
      }
      LocalDateTime departed = flight.flight().actualDeparture();
      if (departed != null
          && (latest == null || departed.toLocalDate().isAfter(latest))
          && !departed.toLocalDate().isAfter(tomorrow)) {
        latest = departed.toLocalDate();
      }
    }
    touched.forEach(DayBoard::rebuild);
    if (latest != null && !latest.equals(today)) {
      today = latest;
      moveTo(latest);
    }
    whole.rebuildIfChangedBeyond(this::isLive);
  }

  /** Keeps the days around {@code day} in memory, reading those not held, and lets go of others. */
  private void moveTo(LocalDate day) {
    if (day == null) {
      return;
    }
    List<LocalDate> leaving = new ArrayList<>();
    for (LocalDate held : live.keySet()) {
      if (!isLive(held)) {
        leaving.add(held);
      }
    }
    for (LocalDate gone : leaving) {
      others.put(gone, live.remove(gone));
    }
    for (LocalDate d = day.minusDays(daysBack);
        !d.isAfter(day.plusDays(daysAhead));
        d = d.plusDays(1)) {
      if (!live.containsKey(d)) {
        DayBoard kept = others.getIfPresent(d);
        others.invalidate(d);
        live.put(
            d,
            kept != null
                ? kept
                : new DayBoard(d, store.scheduledBetween(DayBoard.from(d), DayBoard.to(d))));
      }
    }
  }

  /**
   * The airport's tomorrow by the wall clock: a departure dated later is a mistake or a test, and
   * must not move the days kept in memory (it would keep them there for good).
   */
  private LocalDate tomorrow() {
    return LocalDate.now(zone).plusDays(1);
  }

  private boolean isLive(LocalDate day) {
    return today != null
        && !day.isBefore(today.minusDays(daysBack))
        && !day.isAfter(today.plusDays(daysAhead));
  }
}
