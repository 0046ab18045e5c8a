package org.latamml.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * The check every keeper of the store's latest flights passes: a store growing by bursts while
 * flights are asked at random, old and new, whatever was kept of a flight still among the latest is
 * found, the last kept for it, and an id never finds another's.
 */
final class LatestFlightsKeptCheck {
  private LatestFlightsKeptCheck() {}

  /** A keeper of the latest flights, seen through what it keeps for an id. */
  interface Keeper {
    /** Keeps something for {@code id} in a store whose highest id is {@code latest}; returns it. */
    Object keep(long id, long latest, Random random);

    /** What is kept for {@code id}, or null. */
    Object find(long id);

    /** The id {@code found} was kept for. */
    long idOf(Object found);

    /**
     * Whether {@code id} is among the latest kept of a store whose highest id is {@code latest}.
     */
    boolean isKept(long id, long latest);
  }

  /** Runs the check on a keeper of each of a few capacities. */
  static void everyFlightAmongTheLatestIsFoundWithTheLastKept(IntFunction<Keeper> ofCapacity) {
    for (int capacity : new int[] {1, 7, 64, 1_000}) {
      Random random = new Random(capacity);
      Keeper kept = ofCapacity.apply(capacity);
      Map<Long, Object> last = new HashMap<>();
      long latest = 1;
      for (int step = 0; step < 20_000; step++) {
        if (random.nextInt(10) == 0) {
          latest += random.nextInt(random.nextBoolean() ? 3 : capacity * 2);
        }
        long id = 1 + (random.nextBoolean() ? random.nextLong(latest) : latest - random.nextInt(5));
        id = Math.max(1, id);
        Object keeping = kept.keep(id, latest, random);
        if (kept.isKept(id, latest)) {
          last.put(id, keeping);
        }
        for (long asked = Math.max(1, latest - capacity - 3); asked <= latest + 2; asked++) {
          Object found = kept.find(asked);
          if (kept.isKept(asked, latest) && last.containsKey(asked)) {
            assertThat(found).isEqualTo(last.get(asked));
          } else if (found != null) {
            assertThat(kept.idOf(found)).isEqualTo(asked);
          }
        }
      }
    }
  }
}
