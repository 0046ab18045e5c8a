package org.latamml.training;

/**
 * The permutation numpy's legacy {@code RandomState(seed).permutation(n)} draws, which is how
 * scikit-learn's {@code train_test_split(..., random_state=seed)} shuffles rows: a split made with
 * the same seed here holds out the same rows as the data scientist's notebook.
 */
final class NumpyPermutation {
  /** The largest seed numpy's {@code RandomState} accepts. */
  static final long MAX_SEED = 0xFFFF_FFFFL;

  private static final int N = 624;
  private static final int M = 397;

  private final int[] state = new int[N];
  private int position = N;

  /** Refuses a seed numpy's legacy seeding does not take. */
  static void checkSeed(long seed) {
    if (seed < 0 || seed > MAX_SEED) {
      throw new IllegalArgumentException(
          "--seed must be between 0 and "
              + MAX_SEED
              + " for a random split (as numpy and scikit-learn take it), got "
              + seed);
    }
  }

  private NumpyPermutation(long seed) {
    checkSeed(seed);
    // MT19937's init_genrand, which numpy's legacy seeding applies to an integer seed.
    state[0] = (int) seed;
    for (int i = 1; i < N; i++) {
      state[i] = 1812433253 * (state[i - 1] ^ (state[i - 1] >>> 30)) + i;
    }
  }

  /** The positions {@code 0 .. size-1} in the order numpy's permutation gives them. */
  static int[] of(int size, long seed) {
    NumpyPermutation random = new NumpyPermutation(seed);
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    // numpy's _shuffle_raw: Fisher-Yates from the end, each index drawn by random_interval.
    for (int i = size - 1; i > 0; i--) {
      int j = random.interval(i);
      int swapped = order[i];
      order[i] = order[j];
      order[j] = swapped;
    }
    return order;
  }

  /** numpy's random_interval: a uniform integer in {@code 0..max} by masked rejection. */
  private int interval(int max) {
    int mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    int value;
    do {
      value = nextInt() & mask;
    } while (value > max);
    return value;
  }

  /** MT19937's genrand_int32, as an int holding the 32 bits. */
  private int nextInt() {
    if (position >= N) {
      twist();
    }
    int y = state[position++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y;
  }

  private void twist() {
    for (int i = 0; i < N; i++) {
      int y = (state[i] & 0x80000000) | (state[(i + 1) % N] & 0x7fffffff);
      int next = state[(i + M) % N] ^ (y >>> 1);
      state[i] = (y & 1) == 0 ? next : next ^ 0x9908b0df;
    }
    position = 0;
  }
}
