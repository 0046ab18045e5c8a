package org.latamml.registry;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.latamml.artifact.DelayModel;
import org.latamml.artifact.ModelDirectory;
import org.latamml.config.ServicePaths;

/**
 * The served model, loaded on its own thread from the first line of {@code main} while Quarkus
 * starts, and handed to the {@link ModelRegistry} when it asks: reading the card, and loading ONNX
 * Runtime and creating the session unless kept answers spare them, take up to half a second, which
 * then overlaps the rest of the start instead of preceding it.
 */
final class StartingModel {
  private record Loading(ServicePaths paths, CompletableFuture<DelayModel> model) {}

  private static volatile Loading loading;

  private StartingModel() {}

  /** Starts loading the model {@code paths} name as served. */
  static synchronized void begin(ServicePaths paths) {
    CompletableFuture<DelayModel> model = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                model.complete(
                    DelayModel.load(
                        paths
                            .modelDirectory()
                            .card(ModelDirectory.readServedVersion(paths.versionFile())),
                        paths.graphAnswers()));
              } catch (Throwable e) {
                // Errors too (ONNX Runtime's native library failing to load): the start must end
                // with them, not wait for a model that never comes.
                model.completeExceptionally(e);
              }
            },
            "model-load");
    thread.setDaemon(true);
    thread.start();
    loading = new Loading(paths, model);
  }

  /**
   * The model begun for these paths, waited for, once; empty when none was begun for them (tests
   * start the service without {@code main}).
   *
   * @throws RuntimeException what loading it threw
   */
  static synchronized Optional<DelayModel> take(ServicePaths paths) {
    Loading begun = loading;
    loading = null;
    if (begun == null || !begun.paths().equals(paths)) {
      if (begun != null) {
        var unused = begun.model().thenAccept(DelayModel::close);
      }
      return Optional.empty();
    }
    try {
      return Optional.of(begun.model().join());
    } catch (CompletionException e) {
      switch (e.getCause()) {
        case RuntimeException cause -> throw cause;
        case Error cause -> throw cause;
        default -> throw e;
      }
    }
  }
}
