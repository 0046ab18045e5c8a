package org.latamml.compat;

import static org.latamml.compat.Identities.isSameObject;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.latamml.features.FlightContext;
import org.latamml.prediction.Prediction;
import org.latamml.rollout.Serving;

/**
 * The predictions {@code POST /predict-flight} keeps for the store's latest flights, by id, in
 * columns of primitives: about {@link #BYTES_PER_FLIGHT} bytes a flight and no object of its own,
 * where an entry and its {@link org.latamml.prediction.KeptPrediction} took 136 bytes in two
 * objects, which every full collection traced (docs/PERFORMANCE.md, "Kept predictions in columns").
 * A prediction is kept without its explanation, its context's rates as the floats the model read,
 * as {@link org.latamml.prediction.KeptPrediction} keeps them.
 */
final class KeptPredictionColumns {
  /** Heap bytes a flight's place takes in the columns. */
  static final int BYTES_PER_FLIGHT = 90;

  // The context's three counts, then its ten rates as floats' bits.
  private static final int CONTEXT_INTS = 13;
  private static final byte DELAYED = 1;
  private static final byte HAS_CONTEXT = 2;
  // The most versions and fallback reasons one rollout's columns name; a prediction naming
  // another is not kept.
  private static final int MAX_OUTCOMES = 255;
  private static final VarHandle SEQUENCES = MethodHandles.arrayElementVarHandle(int[].class);
  private static final VarHandle COLUMNS;
  private static final Columns NONE = Columns.empty(null);

  static {
    try {
      COLUMNS =
          MethodHandles.lookup()
              .findVarHandle(KeptPredictionColumns.class, "columns", Columns.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final int capacity;
  // Replaced whole when grown, dropped, or kept under another rollout, by one event loop at a time.
  // Event loops keep at once without a lock: one may lose another's prediction, or skip its own
  // while the columns are built. Each costs a request a prediction, never a wrong answer: a place
  // is read whole or not at all (its sequence, below), and names its id, its flight's stamp and
  // its context's.
  private volatile Columns columns = NONE;
  private final AtomicBoolean building = new AtomicBoolean();

  /** Predictions kept for at most the {@code capacity} latest ids; none when 0. */
  KeptPredictionColumns(int capacity) {
    this.capacity = Math.max(0, capacity);
  }

  /** Whether this id is among the {@code latest} (the store's highest id) ones kept. */
  boolean isKept(long id, long latest) {
    return id >= 1 && id <= latest && id > latest - capacity;
  }

  /**
   * The prediction kept for this id under {@code serving}, its flight's {@code stamp} and its
   * departures' {@code context}, or null.
   */
  Prediction find(long id, Serving serving, Object stamp, Object context) {
    Columns kept = columns;
    if (!isSameObject(kept.serving, serving) || kept.length() == 0 || id < 1) {
      return null;
    }
    return kept.read((int) ((id - 1) % kept.length()), id, stamp, context);
  }

  /**
   * Keeps a prediction of {@code serving}, without an explanation, when its flight is among the
   * latest {@code capacity} of a store whose highest id is {@code latest}; it takes the place of an
   * older flight's that fell out of them.
   */
  void keep(
      long id, Serving serving, Object stamp, Object context, Prediction prediction, long latest) {
    if (!isKept(id, latest) || prediction.explanation() != null) {
      return;
    }
    Columns kept = columns;
    if (!isSameObject(kept.serving, serving) || kept.length() < Math.min(capacity, latest)) {
      kept = replaced(kept, serving, latest);
      if (kept == null) {
        return;
      }
    }
    kept.write((int) ((id - 1) % kept.length()), id, stamp, context, prediction);
  }

  /**
   * Columns long enough for a store whose highest id is {@code latest}, of {@code serving}, put in
   * place of {@code kept}; null when another event loop is building them or replaced {@code kept}
   * first, or when {@code kept} are another rollout's. One at a time: each event loop's own copy
   * would take the heap the columns take again (about 61 MB for ten years).
   */
  private Columns replaced(Columns kept, Serving serving, long latest) {
    if (!building.compareAndSet(false, true)) {
      return null;
    }
    try {
      // Columns another event loop replaced meanwhile would be built again for nothing; another
      // rollout's are dropped by dropUnlessOf alone, so that a request finishing under a retired
      // rollout cannot put its columns in place of the new one's.
      if (columns != kept || (kept.length() > 0 && !isSameObject(kept.serving, serving))) {
        return null;
      }
      Columns from = isSameObject(kept.serving, serving) ? kept : Columns.empty(serving);
      // Doubled, so that a store growing a flight at a time is not copied at every flight.
      Columns built =
          from.movedTo(
              (int) Math.min(capacity, Math.max(latest, from.length() * 2L)), this, latest);
      // Not in place of another's columns, nor of a drop: a drop releases a retired rollout.
      return COLUMNS.compareAndSet(this, kept, built) ? built : null;
    } finally {
      building.set(false);
    }
  }

  /** Drops every prediction when they are another rollout's than {@code serving}. */
  void dropUnlessOf(Serving serving) {
    Columns kept = columns;
    if (kept.length() > 0 && !isSameObject(kept.serving, serving)) {
      dropAll();
    }
  }

  /** Drops every prediction kept. */
  void dropAll() {
    columns = NONE;
  }

  /** A version and the reason the fallback answered (null when the model did). */
  private record Outcome(String modelVersion, String fallback) {}

  /** One rollout's kept predictions, a flight's at {@code (id - 1) mod length}. */
  private static final class Columns {
    private final Serving serving;
    // A place is written between two increments of its sequence (odd while written), and read
    // whole only when its sequence is even and the same before and after: a seqlock, as
    // java.util.concurrent.locks.StampedLock validates an optimistic read.
    private final int[] sequences;
    private final long[] ids;
    private final Object[] stamps;
    private final Object[] contexts;
    private final double[] probabilities;
    private final long[] inputDigests;
    private final byte[] flags;
    // The outcome's index + 1; 0 for a place never written.
    private final byte[] outcomeIndexes;
    private final int[] contextValues;
    private volatile Outcome[] outcomes = new Outcome[0];

    private Columns(Serving serving, int length) {
      this.serving = serving;
      sequences = new int[length];
      ids = new long[length];
      stamps = new Object[length];
      contexts = new Object[length];
      probabilities = new double[length];
      inputDigests = new long[length];
      flags = new byte[length];
      outcomeIndexes = new byte[length];
      contextValues = new int[length * CONTEXT_INTS];
    }

    static Columns empty(Serving serving) {
      return new Columns(serving, 0);
    }

    int length() {
      return ids.length;
    }

    /** These columns' predictions still among the latest ids, each in its place in longer ones. */
    Columns movedTo(int length, KeptPredictionColumns owner, long latest) {
      Columns moved = new Columns(serving, length);
      for (int from = 0; from < ids.length; from++) {
        if (owner.isKept(ids[from], latest)) {
          moved.copyFrom(this, from, (int) ((ids[from] - 1) % length));
        }
      }
      // After the places: one written while they were copied may name an outcome added meanwhile,
      // and the outcomes only grow at their end.
      moved.outcomes = outcomes;
      return moved;
    }

    private void copyFrom(Columns other, int from, int to) {
      // Read as a place is read: a place being written is left out.
      int before = (int) SEQUENCES.getAcquire(other.sequences, from);
      if ((before & 1) != 0) {
        return;
      }
      ids[to] = other.ids[from];
      stamps[to] = other.stamps[from];
      contexts[to] = other.contexts[from];
      probabilities[to] = other.probabilities[from];
      inputDigests[to] = other.inputDigests[from];
      flags[to] = other.flags[from];
      outcomeIndexes[to] = other.outcomeIndexes[from];
      System.arraycopy(
          other.contextValues, from * CONTEXT_INTS, contextValues, to * CONTEXT_INTS, CONTEXT_INTS);
      VarHandle.acquireFence();
      if ((int) SEQUENCES.getVolatile(other.sequences, from) != before) {
        ids[to] = 0;
      }
    }

    Prediction read(int place, long id, Object stamp, Object context) {
      int before = (int) SEQUENCES.getAcquire(sequences, place);
      if ((before & 1) != 0 || ids[place] != id) {
        return null;
      }
      Object keptStamp = stamps[place];
      Object keptContext = contexts[place];
      double probability = probabilities[place];
      long inputDigest = inputDigests[place];
      byte flag = flags[place];
      int outcomeIndex = outcomeIndexes[place] & 0xff;
      int at = place * CONTEXT_INTS;
      FlightContext flightContext =
          (flag & HAS_CONTEXT) == 0
              ? null
              : new FlightContext(
                  contextValues[at],
                  contextValues[at + 1],
                  rate(at + 3),
                  rate(at + 4),
                  rate(at + 5),
                  rate(at + 6),
                  contextValues[at + 2],
                  rate(at + 7),
                  rate(at + 8),
                  rate(at + 9),
                  rate(at + 10),
                  rate(at + 11),
                  rate(at + 12));
      VarHandle.acquireFence();
      if ((int) SEQUENCES.getVolatile(sequences, place) != before
          || ids[place] != id
          || !isSameObject(keptStamp, stamp)
          || !isSameObject(keptContext, context)
          || outcomeIndex == 0) {
        return null;
      }
      Outcome[] named = outcomes;
      if (outcomeIndex > named.length) {
        return null;
      }
      Outcome outcome = named[outcomeIndex - 1];
      return new Prediction(
          probability,
          (flag & DELAYED) != 0,
          outcome.modelVersion(),
          outcome.fallback(),
          null,
          inputDigest,
          flightContext);
    }

    private double rate(int at) {
      return Float.intBitsToFloat(contextValues[at]);
    }

    void write(int place, long id, Object stamp, Object context, Prediction prediction) {
      int outcome = outcomeIndexOf(prediction.modelVersion(), prediction.fallback());
      int before = (int) SEQUENCES.getVolatile(sequences, place);
      // Another writing the place: this prediction is not kept, rather than waited for.
      if (outcome < 0
          || (before & 1) != 0
          || !SEQUENCES.compareAndSet(sequences, place, before, before + 1)) {
        return;
      }
      // The odd sequence seen before any of the place's new values, as StampedLock's write lock
      // fences after its claim.
      VarHandle.storeStoreFence();
      ids[place] = id;
      stamps[place] = stamp;
      contexts[place] = context;
      probabilities[place] = prediction.probability();
      inputDigests[place] = prediction.inputDigest();
      FlightContext c = prediction.context();
      flags[place] = (byte) ((prediction.delayed() ? DELAYED : 0) | (c != null ? HAS_CONTEXT : 0));
      outcomeIndexes[place] = (byte) (outcome + 1);
      int at = place * CONTEXT_INTS;
      if (c == null) {
        Arrays.fill(contextValues, at, at + CONTEXT_INTS, 0);
      } else {
        contextValues[at] = c.scheduledSameHour();
        contextValues[at + 1] = c.departedBefore();
        contextValues[at + 2] = c.scheduledAround();
        contextValues[at + 3] = bits(c.delayRateBefore());
        contextValues[at + 4] = bits(c.meanDelayBefore());
        contextValues[at + 5] = bits(c.delayRateToday());
        contextValues[at + 6] = bits(c.airlineDelayRateBefore());
        contextValues[at + 7] = bits(c.delayRateDay());
        contextValues[at + 8] = bits(c.meanDelayDay());
        contextValues[at + 9] = bits(c.delayRateWeek());
        contextValues[at + 10] = bits(c.airlineDelayRateWeek());
        contextValues[at + 11] = bits(c.destinationDelayRateWeek());
        contextValues[at + 12] = bits(c.flightDelayRate4Weeks());
      }
      SEQUENCES.setRelease(sequences, place, before + 2);
    }

    private static int bits(double rate) {
      return Float.floatToRawIntBits((float) rate);
    }

    /** The outcome's index among these columns', added when new; -1 when they name too many. */
    private int outcomeIndexOf(String modelVersion, String fallback) {
      int known = indexIn(outcomes, modelVersion, fallback);
      if (known >= 0) {
        return known;
      }
      synchronized (this) {
        Outcome[] named = outcomes;
        known = indexIn(named, modelVersion, fallback);
        if (known >= 0 || named.length >= MAX_OUTCOMES) {
          return known;
        }
        Outcome[] more = Arrays.copyOf(named, named.length + 1);
        more[named.length] = new Outcome(modelVersion, fallback);
        outcomes = more;
        return named.length;
      }
    }

    private static int indexIn(Outcome[] named, String modelVersion, String fallback) {
      for (int i = 0; i < named.length; i++) {
        if (named[i].modelVersion().equals(modelVersion)
            && Objects.equals(named[i].fallback(), fallback)) {
          return i;
        }
      }
      return -1;
    }
  }
}
