package org.latamml.monitoring;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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
 * Keys and predictions are held as 64-bit fingerprints (two distinct ones agree once in 2^64).
 */
final class KeptPredictions {
  /**
   * A kept row as written.
   *
   * @param loggedAtSecond when its prediction was made, UTC epoch seconds
   * @param fingerprint its prediction's fingerprint: probability, label and inputs
   */
  private record Kept(long loggedAtSecond, long fingerprint) {}

  private final Cache<Long, Kept> kept;

  KeptPredictions(long capacity) {
    this.kept = Caffeine.newBuilder().maximumSize(capacity).build();
  }

  /**
   * Whether writing this prediction would change nothing: the row holds a later one, or the same
   * one made less than {@link PredictionOutcomes#REFRESH} before.
   */
  boolean unchanged(PredictionOutcomes.Key key, PredictionOutcomes.Latest latest) {
    Kept row = kept.getIfPresent(fingerprint(key));
    if (row == null) {
      return false;
    }
    long at = second(latest.loggedAt());
    return at <= row.loggedAtSecond()
        || (fingerprint(latest) == row.fingerprint()
            && at < row.loggedAtSecond() + PredictionOutcomes.REFRESH.toSeconds());
  }

  /**
   * Whether this instance wrote the key's row (which therefore exists while it holds the lease).
   */
  boolean knows(PredictionOutcomes.Key key) {
    return kept.getIfPresent(fingerprint(key)) != null;
  }

  /** Remembers rows a committed batch wrote, each holding the prediction given. */
  void wrote(Collection<PredictionOutcomes.Kept> rows) {
    for (PredictionOutcomes.Kept row : rows) {
      kept.put(
          fingerprint(row.key()),
          new Kept(second(row.latest().loggedAt()), fingerprint(row.latest())));
    }
  }

  /** Forgets every row: another instance may write, or rows were deleted. */
  void forget() {
    kept.invalidateAll();
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
