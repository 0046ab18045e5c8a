package org.latamml.prediction;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.lang.ref.WeakReference;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.latamml.artifact.DelayModel;
import org.latamml.config.ServiceSettings;

/**
 * Remembers scores by model and input row: a model's answer for the same input never changes, and
 * flights share few distinct inputs (onehot37 has at most 552), so most scores need no scoring
 * (2.0.0's trees take about 2 µs a new row, a cached one 0.3; a linear model in Java costs about
 * what the look-up does, docs/PERFORMANCE.md, "Linear models in Java"). A row is kept from the
 * second time it is scored (a {@link Doorkeeper}). Each model's scores are bounded by the bytes
 * their rows take ({@code latam.score-cache.max-bytes}) and evicted by recency and frequency
 * (Caffeine's W-TinyLFU), so a caller sending many distinct inputs displaces only rarely used rows,
 * and keeps nobody else from being cached.
 */
@Singleton
public class ScoreCache {
  /** A row's bytes beside its floats: the key, its array header and the cache's entry. */
  private static final int ENTRY_OVERHEAD = 96;

  private final long maxBytes;
  // One cache per model, held only as long as the model is: a retired model takes its scores along.
  private final Cache<DelayModel, Scores> byModel =
      Caffeine.newBuilder().weakKeys().executor(Runnable::run).build();
  // The last models asked for, compared by identity: a request scores with one to three models
  // (champion, canary or shadow, fallback), and byModel's weak-keyed lookup, with the clean-ups it
  // handed to a pool thread, took 4 % of the event loops' time on v1-one (docs/PERFORMANCE.md).
  // A slot whose model was collected is emptied when seen, so it keeps no retired model's scores.
  private final AtomicReferenceArray<Scores> recent = new AtomicReferenceArray<>(4);
  private final AtomicInteger nextSlot = new AtomicInteger();

  /**
   * A model's cached scores, and the rows scored once lately: a row is cached the second time it is
   * scored. By id, predict-flight scores most flights once in a long while (each its own context),
   * and writing each into the cache, then evicting it, cost more than scoring it with 2.0.0's trees
   * (docs/PERFORMANCE.md).
   *
   * @param owner the model, weakly: these scores must not keep it
   */
  private record Scores(
      WeakReference<DelayModel> owner, Cache<Row, Double> rows, Doorkeeper seen) {}

  @Inject
  ScoreCache(ServiceSettings settings) {
    this(settings.scoreCache().maxBytes());
  }

  ScoreCache(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  private Scores of(DelayModel model) {
    int free = -1;
    for (int slot = 0; slot < recent.length(); slot++) {
      Scores known = recent.get(slot);
      DelayModel owner = known == null ? null : known.owner().get();
      if (owner == model) {
        return known;
      }
      if (owner == null) {
        recent.compareAndSet(slot, known, null);
        free = slot;
      }
    }
    byModel.cleanUp();
    Scores scores = byModel.get(model, this::scoresOf);
    int slot = free >= 0 ? free : Math.floorMod(nextSlot.getAndIncrement(), recent.length());
    recent.set(slot, scores);
    return scores;
  }

  private Scores scoresOf(DelayModel model) {
    return new Scores(
        new WeakReference<>(model),
        Caffeine.newBuilder()
            .maximumWeight(maxBytes)
            // Evictions run on the caller's thread: a few steps per write, and no pool hand-off.
            .executor(Runnable::run)
            .<Row, Double>weigher((row, score) -> row.width * Float.BYTES + ENTRY_OVERHEAD)
            .build(),
        new Doorkeeper());
  }

  /**
   * The probabilities of delay of {@code count} rows of {@code flat} by {@code model}: rows scored
   * before are answered from the cache, the rest go to the model in one call.
   */
  public double[] score(DelayModel model, float[] flat, int count) {
    return score(model, flat, count, new long[count]);
  }

  /**
   * As {@link #score(DelayModel, float[], int)}, and each row's {@link InputDigest} into {@code
   * digests}: the cache's key is made from it, so the prediction log's digest costs no second pass
   * over the row (docs/PERFORMANCE.md, "One pass over a row").
   */
  public double[] score(DelayModel model, float[] flat, int count, long[] digests) {
    java.util.Objects.checkFromIndexSize(0, count, digests.length);
    int width = model.encoder().width();
    Scores scores = of(model);
    double[] result = new double[count];
    int[] missing = new int[count];
    int[] hashes = new int[count];
    int misses = 0;
    for (int i = 0; i < count; i++) {
      long digest = InputDigest.of(flat, i * width, width);
      digests[i] = digest;
      Row key = new Row(flat, i * width, width, Row.hashOf(digest));
      Double known = scores.rows().getIfPresent(key);
      if (known == null) {
        hashes[misses] = key.hash;
        missing[misses++] = i;
      } else {
        result[i] = known;
      }
    }
    if (misses == 0) {
      return result;
    }
    float[] rows = flat;
    if (misses < count) {
      rows = new float[misses * width];
      for (int m = 0; m < misses; m++) {
        System.arraycopy(flat, missing[m] * width, rows, m * width, width);
      }
    }
    double[] computed = model.score(rows, misses);
    for (int m = 0; m < misses; m++) {
      result[missing[m]] = computed[m];
      if (scores.seen().sawBefore(hashes[m])) {
        float[] copy = Arrays.copyOfRange(rows, m * width, (m + 1) * width);
        scores.rows().put(new Row(copy, 0, width, hashes[m]), computed[m]);
      }
    }
    return result;
  }

  /** Whether {@code model}'s score of {@code row} is cached. */
  boolean isCached(DelayModel model, float[] row) {
    return of(model).rows().getIfPresent(new Row(row, 0, row.length)) != null;
  }

  /** Rows cached now for {@code model}. */
  long size(DelayModel model) {
    Cache<Row, Double> scores = of(model).rows();
    scores.cleanUp();
    return scores.estimatedSize();
  }

  /** A slice of a row buffer compared by value; stored keys own a copy of their slice. */
  static final class Row {
    private final float[] rows;
    private final int offset;
    private final int width;
    private final int hash;

    Row(float[] rows, int offset, int width) {
      this(rows, offset, width, hashOf(InputDigest.of(rows, offset, width)));
    }

    private Row(float[] rows, int offset, int width, int hash) {
      this.rows = rows;
      this.offset = offset;
      this.width = width;
      this.hash = hash;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Row row
          && row.hash == hash
          && Arrays.equals(
              rows, offset, offset + width, row.rows, row.offset, row.offset + row.width);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    /**
     * A row's hash from its digest, whose every input bit already moves about half of its bits: not
     * Arrays.hashCode, whose sums over one-hot rows share their low bits (the bits of 0f and 1f end
     * in 23 zeros) and pile into a few of a hash table's bins.
     */
    static int hashOf(long digest) {
      return (int) (digest ^ (digest >>> 32));
    }
  }
}
