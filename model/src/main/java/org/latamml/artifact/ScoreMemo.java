package org.latamml.artifact;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers a model's scores by input vector: a model's answer for the same input never changes,
 * and flights share few distinct inputs (onehot37 has at most 552), so most scores need no call of
 * ONNX Runtime. Bounded: once full, it stops remembering rather than evicting.
 */
final class ScoreMemo {
  private final int capacity;
  private final ConcurrentHashMap<Key, Double> scores = new ConcurrentHashMap<>();

  ScoreMemo(int capacity) {
    this.capacity = capacity;
  }

  /** The remembered score of {@code width} inputs at {@code offset}, or NaN. */
  double get(float[] rows, int offset, int width) {
    Double score = scores.get(new Key(rows, offset, width));
    return score == null ? Double.NaN : score;
  }

  void put(float[] rows, int offset, int width, double score) {
    if (scores.size() < capacity) {
      scores.putIfAbsent(
          new Key(Arrays.copyOfRange(rows, offset, offset + width), 0, width), score);
    }
  }

  // Not Arrays.hashCode: the bits of 0f and 1f end in 23 zeros, so its sums over one-hot rows
  // share their low bits and pile into a few of the map's bins. Each value is mixed first.
  static int hashOf(float[] rows, int offset, int width) {
    int h = 1;
    for (int i = offset; i < offset + width; i++) {
      h = 31 * h + mix(Float.floatToIntBits(rows[i]) + i - offset);
    }
    return mix(h);
  }

  /** MurmurHash3's 32-bit finaliser: every input bit moves about half of the output bits. */
  private static int mix(int value) {
    int h = value;
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }

  /** A slice of a row buffer compared by value; stored keys own a copy of their slice. */
  private static final class Key {
    private final float[] rows;
    private final int offset;
    private final int width;
    private final int hash;

    Key(float[] rows, int offset, int width) {
      this.rows = rows;
      this.offset = offset;
      this.width = width;
      this.hash = hashOf(rows, offset, width);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Key key
          && key.hash == hash
          && Arrays.equals(
              rows, offset, offset + width, key.rows, key.offset, key.offset + key.width);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
