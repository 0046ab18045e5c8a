package org.latamml.store;

import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Keeps this instance current with the store that every instance shares: an import (a new source)
 * reloads it whole; events are applied flight by flight, read by the change numbers they were
 * stamped with, and announced as {@link FlightsChanged}. Writers are serialised by the store's
 * clock row, so every change up to the clock's number is committed when the clock is read: none is
 * skipped.
 */
@Singleton
public class ChangeFeed {
  private static final Logger LOG = Logger.getLogger(ChangeFeed.class);

  /** Change numbers read per query: a change holds up to 1,000 flights. */
  private static final int CHANGES_PER_READ = 50;

  private final JdbcFlightStore store;
  private final Consumer<FlightsChanged> changed;
  private String loadedSource;
  private long applied;
  // Changes this instance wrote, and applied as it wrote them, by number: following the store reads
  // only the others' and applies both in change order, rather than read its own batches back
  // (docs/PERFORMANCE.md, "Ingest").
  private final java.util.NavigableMap<Long, List<StoredFlight>> writtenHere =
      new java.util.TreeMap<>();

  // The store's last change number as last read, for latam_store_changes_behind.
  private final java.util.concurrent.atomic.AtomicLong seen =
      new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong done =
      new java.util.concurrent.atomic.AtomicLong();

  @Inject
  ChangeFeed(
      JdbcFlightStore store,
      Event<FlightsChanged> changed,
      io.micrometer.core.instrument.MeterRegistry metrics) {
    this(store, changed::fire);
    io.micrometer.core.instrument.Gauge.builder(
            "latam.store.changes.behind", this, feed -> feed.seen.get() - feed.done.get())
        .description(
            "changes written to the store, by any instance, that this instance has not applied"
                + " at its last check")
        .register(metrics);
  }

  /** A feed that tells {@code changed} what changed, outside a CDI container (tests, tools). */
  public ChangeFeed(JdbcFlightStore store, Consumer<FlightsChanged> changed) {
    this.store = store;
    this.changed = changed;
  }

  /** Reads the whole store and notes the change it is current with. */
  public synchronized void load() {
    // The clock first: changes made while the flights are read are applied again, which is
    // harmless, rather than missed.
    long clock = store.clock().changeSeq();
    loadedSource = store.reload();
    applied = clock;
    seen.set(clock);
    done.set(clock);
    writtenHere.headMap(clock, true).clear();
    changed.accept(new FlightsChanged(List.of(), true));
  }

  /** Applies what changed in the store since it was last read; returns whether anything did. */
  public synchronized boolean follow() {
    JdbcFlightStore.Clock clock = store.clock();
    seen.set(clock.changeSeq());
    if (!Objects.equals(clock.source(), loadedSource)) {
      load();
      LOG.infof("flight store changed: reloaded %d flights", store.count());
      return true;
    }
    boolean any = false;
    while (applied < clock.changeSeq()) {
      long upTo = Math.min(clock.changeSeq(), applied + CHANGES_PER_READ);
      java.util.SortedMap<Long, List<StoredFlight>> mine =
          writtenHere.subMap(applied + 1, upTo + 1);
      if (mine.size() < upTo - applied) {
        // Another instance's change may touch a flight after or before one of this one's: both
        // applied in the order of their numbers, the store's state results.
        List<JdbcFlightStore.Changed> theirs =
            store.changesBetween(applied, upTo, List.copyOf(mine.keySet()));
        List<StoredFlight> ordered = new java.util.ArrayList<>(theirs.size());
        java.util.Iterator<java.util.Map.Entry<Long, List<StoredFlight>>> own =
            mine.entrySet().iterator();
        java.util.Map.Entry<Long, List<StoredFlight>> next = own.hasNext() ? own.next() : null;
        for (JdbcFlightStore.Changed change : theirs) {
          while (next != null && next.getKey() < change.change()) {
            ordered.addAll(next.getValue());
            next = own.hasNext() ? own.next() : null;
          }
          ordered.add(change.flight());
        }
        while (next != null) {
          ordered.addAll(next.getValue());
          next = own.hasNext() ? own.next() : null;
        }
        apply(ordered);
        any = true;
      }
      mine.clear();
      applied = upTo;
      done.set(applied);
    }
    return any;
  }

  /**
   * Applies flights this instance has just committed as change {@code change}, so that its own
   * answers change at once; {@link #follow} then skips that change. Batches committed one after the
   * other by two requests may arrive here in the other order: a later change of this instance's,
   * already applied, is applied again after this one, so that each flight ends as the store has it.
   * A change {@link #follow} has already read from the store is not applied again. Never throws: a
   * change it could not apply is left for {@link #follow} to read.
   */
  public synchronized void applyWritten(List<StoredFlight> flights, long change) {
    if (change <= applied) {
      return;
    }
    try {
      apply(flights);
      for (List<StoredFlight> later : writtenHere.tailMap(change, false).values()) {
        apply(later);
      }
      writtenHere.put(change, flights);
    } catch (RuntimeException e) {
      LOG.warnf("change %d is committed but could not be applied at once: %s", change, e);
    }
  }

  /** The last change applied from the store. */
  public synchronized long applied() {
    return applied;
  }

  /**
   * Whether this instance's flights in memory answer as the store does for every change up to
   * {@code changeSeq}: they are held, of the store's current source, and have applied at least that
   * change. A reader that has followed the store's changes up to that number can then look flights
   * up in memory instead of reading the store.
   */
  public boolean holdsChangesUpTo(long changeSeq) {
    // Read before the lock, which writers applying their own changes wait on: an import in between
    // makes the sources differ, and the caller reads the store.
    String source = store.clock().source();
    synchronized (this) {
      return store.answersFromMemory()
          && applied >= changeSeq
          && Objects.equals(source, loadedSource);
    }
  }

  private void apply(List<StoredFlight> flights) {
    if (flights.isEmpty()) {
      return;
    }
    store.apply(flights);
    changed.accept(new FlightsChanged(flights, false));
  }
}
