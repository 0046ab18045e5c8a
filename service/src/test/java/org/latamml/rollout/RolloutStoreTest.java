package org.latamml.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.latamml.problem.PreconditionFailedProblem;
import org.latamml.store.StoreFixtures;

/**
 * The rollout's precondition across instances: two stores on one database (two instances), each
 * changing the rollout both read at the same moment, never both succeed; the rollout's key refuses
 * the second writer of the next id, which then finds another rollout in force.
 */
class RolloutStoreTest {
  @Test
  void ofTwoInstancesChangingOneRolloutAtOnceOneSucceedsAndTheOtherIsRefused() throws Exception {
    DataSource database = StoreFixtures.h2().dataSource();
    RolloutStore first = new RolloutStore(database);
    RolloutStore second = new RolloutStore(database);
    first.start("1.1.0", "test");
    ExecutorService instances = Executors.newFixedThreadPool(2);
    List<String> outcomes = new ArrayList<>();
    try {
      for (int round = 0; round < 50; round++) {
        IfMatch read = IfMatch.parse("\"" + first.currentId() + "\"");
        CyclicBarrier together = new CyclicBarrier(2);
        CompletableFuture<String> one =
            CompletableFuture.supplyAsync(() -> change(first, "1.0.0", read, together), instances);
        CompletableFuture<String> other =
            CompletableFuture.supplyAsync(() -> change(second, "2.0.0", read, together), instances);

        outcomes.add(Stream.of(one.join(), other.join()).sorted().toList().toString());
      }
    } finally {
      instances.shutdownNow();
    }

    assertThat(outcomes).containsOnly("[412, set]");
    assertThat(first.currentId()).isEqualTo(51);
  }

  private static String change(
      RolloutStore store, String champion, IfMatch read, CyclicBarrier together) {
    try {
      together.await();
      return store.set(Rollout.alone(champion), "test", read).action();
    } catch (PreconditionFailedProblem e) {
      return "412";
    } catch (Exception e) {
      return e.toString();
    }
  }
}
