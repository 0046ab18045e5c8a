package org.latamml.monitoring;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Objects;
import org.latamml.features.FlightField;

/**
 * What the monitor last wrote of each kept prediction, so that a flight asked about again and again
 * with the same answer costs a look-up here rather than statements in the store. It is right only
 * while this instance alone writes the table: the monitor forgets it all when it may have lost the
 * lease, when old rows are deleted, and keeps a batch's rows only once the batch has committed.
 * Keys and predictions are held as 64-bit fingerprints (two distinct ones agree once in 2^64), in
 * three arrays filed by open addressing rather than a cache of objects: four objects a row (272,000
 * at the year's 68,206 flights, a third of the live heap's objects) lengthened every full
 * collection by a third (docs/PERFORMANCE.md, "The monitor's rows in three arrays"). Full, it
 * forgets every row and begins again: forgetting costs the monitor statements, never a wrong row.
 */
final class KeptPredictions {
  private static final int FIRST_SLOTS = 1024;
  private final long capacity;
  // A slot is free while its key is 0; a key's fingerprint of 0 is filed as 1.
  private long[] keys;
  private long[] loggedAtSeconds;
  private long[] predictions;
  private int size;

  KeptPredictions(long capacity) {
    // Three quarters of the most slots an array may have.
    this.capacity = Math.min(capacity, 3L << 28);
    forget();
  }

  /**
   * Whether writing this prediction would change nothing: the row holds a later one, or the same
   * one made less than {@link PredictionOutcomes#REFRESH} before.
   */
  synchronized boolean unchanged(PredictionOutcomes.Key key, PredictionOutcomes.Latest latest) {
    int slot = slotOf(filed(fingerprint(key)));
    if (keys[slot] == 0) {
      return false;
    }
    long at = second(latest.loggedAt());
    return at <= loggedAtSeconds[slot]
        || (fingerprint(latest) == predictions[slot]
            && at < loggedAtSeconds[slot] + PredictionOutcomes.REFRESH.toSeconds());
  }

  /**
   * Whether this instance wrote the key's row (which therefore exists while it holds the lease).
   */
  synchronized boolean knows(PredictionOutcomes.Key key) {
    return keys[slotOf(filed(fingerprint(key)))] != 0;
  }

  /** Remembers rows a committed batch wrote, each holding the prediction given. */
  synchronized void wrote(Collection<PredictionOutcomes.Kept> rows) {
    for (PredictionOutcomes.Kept row : rows) {
      long key = filed(fingerprint(row.key()));
      int slot = slotOf(key);
      if (keys[slot] == 0) {
        if (size >= capacity) {
          forget();
        } else if (4L * (size + 1) > 3L * keys.length) {
          grow();
        }
        slot = slotOf(key);
        keys[slot] = key;
        size++;
      }
      loggedAtSeconds[slot] = second(row.latest().loggedAt());
      predictions[slot] = fingerprint(row.latest());
    }
  }

  /** Forgets every row: another instance may write, or rows were deleted. */
  synchronized void forget() {
    keys = new long[FIRST_SLOTS];
    loggedAtSeconds = new long[FIRST_SLOTS];
    predictions = new long[FIRST_SLOTS];
    size = 0;
  }

  /** The key's slot, or the free one it would take: at most three quarters are taken. */
  private int slotOf(long key) {
    int mask = keys.length - 1;
    int slot = (int) ((key * 0x9E3779B97F4A7C15L) >>> 33) & mask;
    while (keys[slot] != key && keys[slot] != 0) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private void grow() {
    long[] oldKeys = keys;
    long[] oldSeconds = loggedAtSeconds;
    long[] oldPredictions = predictions;
    keys = new long[2 * oldKeys.length];
    loggedAtSeconds = new long[keys.length];
    predictions = new long[keys.length];
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != 0) {
        int slot = slotOf(oldKeys[i]);
        keys[slot] = oldKeys[i];
        loggedAtSeconds[slot] = oldSeconds[i];
        predictions[slot] = oldPredictions[i];
      }
    }
  }

  private static long filed(long fingerprint) {
    return fingerprint == 0 ? 1 : fingerprint;
  }

  private static long second(LocalDateTime time) {
    return time.toEpochSecond(ZoneOffset.UTC);
  }

  static long fingerprint(PredictionOutcomes.Key key) {
    long h = Fnv.OFFSET;
    h = Fnv.add(h, key.modelVersion());
    h = Fnv.add(h, key.shadow() ? 1 : 0);
    h = Fnv.add(h, key.flight().airline());
    h = Fnv.add(h, key.flight().flightNumber());
    return Fnv.add(h, second(key.flight().scheduledDeparture()));
  }

  static long fingerprint(PredictionOutcomes.Latest latest) {
    long h = Fnv.OFFSET;
    h = Fnv.add(h, Double.doubleToLongBits(latest.probability()));
    h = Fnv.add(h, latest.delayed() ? 1 : 0);
    PredictionOutcomes.Inputs inputs = latest.inputs();
    if (inputs == null) {
      return Fnv.add(h, -1);
    }
    h = Fnv.add(h, Objects.toString(inputs.airlineCode(), "\0"));
    h = Fnv.add(h, Objects.toString(inputs.destination(), "\0"));
    h = Fnv.add(h, Objects.toString(inputs.flightType(), "\0"));
    if (inputs.context() == null) {
      return Fnv.add(h, -2);
    }
    for (FlightField field : FlightField.contextFields()) {
      // As the table keeps them: floats.
      h = Fnv.add(h, Float.floatToIntBits((float) field.valueIn(inputs.context())));
    }
    return h;
  }

  /** FNV-1a, 64 bits, over the bytes of numbers and of UTF-16 text. */
  private static final class Fnv {
    static final long OFFSET = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    static long add(long h, long value) {
      for (int shift = 0; shift < 64; shift += 8) {
        h = (h ^ ((value >>> shift) & 0xff)) * PRIME;
      }
      return h;
    }

    static long add(long h, String text) {
      // Each character's two bytes, with no copy of the text: it runs for every logged prediction.
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        h = (h ^ (c & 0xff)) * PRIME;
        h = (h ^ (c >>> 8)) * PRIME;
      }
      // The length ends the field: ("ab", "c") and ("a", "bc") differ.
      return add(h, text.length());
    }
  }
}
