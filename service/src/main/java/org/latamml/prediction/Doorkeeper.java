package org.latamml.prediction;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Which row hashes were seen lately, so that the score cache keeps a row only when it is scored a
 * second time: TinyLFU's doorkeeper (Einziger, Friedman and Manes, 2017), which Caffeine's own
 * admission has no counterpart of before an entry is written. A bit per hash in a table of {@code
 * 2^16}, cleared once a quarter of it is set, so that "seen" means seen in the last few thousand
 * rows. Two threads setting bits at once may each think a row new: the cost is one more miss.
 */
final class Doorkeeper {
  private static final int BITS = 1 << 16;
  private static final int CLEAR_AFTER = BITS / 4;

  private final AtomicLongArray words = new AtomicLongArray(BITS / Long.SIZE);
  private final AtomicInteger marked = new AtomicInteger();

  /** Whether {@code hash} was seen since the table was last cleared; marks it seen. */
  boolean sawBefore(int hash) {
    int bit = hash & (BITS - 1);
    long mask = 1L << bit;
    int word = bit >>> 6;
    if ((words.get(word) & mask) != 0) {
      return true;
    }
    words.getAndUpdate(word, value -> value | mask);
    if (marked.incrementAndGet() >= CLEAR_AFTER) {
      marked.set(0);
      for (int i = 0; i < words.length(); i++) {
        words.set(i, 0);
      }
    }
    return false;
  }
}
