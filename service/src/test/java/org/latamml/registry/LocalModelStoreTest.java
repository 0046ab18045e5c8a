package org.latamml.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latamml.artifact.ModelDirectory;

class LocalModelStoreTest {
  @TempDir Path temp;

  /** A card and graph whose contents name the upload they belong to. */
  private Path[] upload(String name) throws Exception {
    Path card = Files.writeString(temp.resolve(name + ".json"), "card of " + name);
    Path onnx = Files.writeString(temp.resolve(name + ".onnx"), "graph of " + name);
    return new Path[] {card, onnx};
  }

  /**
   * Whether the add added; false when it was told the store has the version, or that another upload
   * of it has begun with another graph.
   */
  private static boolean addedOrRefused(Future<Boolean> add) throws Exception {
    try {
      return add.get();
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(ModelStore.UploadConflict.class);
      return false;
    }
  }

  @Test
  void aGraphLeftWithoutItsCardIsCompletedByTheSameUploadAndRefusedToAnother() throws Exception {
    ModelDirectory shared = new ModelDirectory(temp.resolve("Models"));
    Path[] first = upload("first");
    Path[] second = upload("second");
    Files.createDirectories(shared.root());
    // An upload cut short between its graph and its card.
    Files.copy(first[1], shared.onnx("9.1.0"));

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new LocalModelStore(shared).add("9.1.0", second[0], second[1]))
        .isInstanceOf(ModelStore.UploadConflict.class)
        .hasMessageContaining("another graph");
    assertThat(new LocalModelStore(shared).add("9.1.0", first[0], first[1])).isTrue();
    assertThat(Files.readString(shared.card("9.1.0"))).isEqualTo("card of first");
  }

  @Test
  void twoInstancesAddingOneVersionAtOnceAddOneUploadWholeAndTellTheOtherTheStoreHasIt()
      throws Exception {
    ModelDirectory shared = new ModelDirectory(temp.resolve("Models"));
    Path[] first = upload("first");
    Path[] second = upload("second");
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 200; round++) {
        String version = "9.0." + round;
        CyclicBarrier together = new CyclicBarrier(2);
        List<Future<Boolean>> added = new ArrayList<>();
        for (Path[] files : List.of(first, second)) {
          // A store each, as two processes have: neither's lock guards the other.
          LocalModelStore store = new LocalModelStore(shared);
          Callable<Boolean> add =
              () -> {
                together.await();
                return store.add(version, files[0], files[1]);
              };
          added.add(threads.submit(add));
        }

        List<Boolean> outcomes = new ArrayList<>();
        for (Future<Boolean> one : added) {
          outcomes.add(addedOrRefused(one));
        }
        assertThat(outcomes).as("one adds %s", version).containsExactlyInAnyOrder(true, false);
        String card = Files.readString(shared.card(version), StandardCharsets.UTF_8);
        String onnx = Files.readString(shared.onnx(version), StandardCharsets.UTF_8);
        String winner = outcomes.get(0) ? "first" : "second";
        assertThat(card).isEqualTo("card of " + winner);
        assertThat(onnx).isEqualTo("graph of " + winner);
      }
    } finally {
      threads.shutdownNow();
    }
    try (var left = Files.list(shared.root())) {
      assertThat(left.map(path -> path.getFileName().toString()))
          .noneMatch(name -> name.contains("partial"));
    }
  }
}
