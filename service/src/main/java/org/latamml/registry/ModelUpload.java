package org.latamml.registry;

import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.logging.Logger;
import org.latamml.artifact.DelayModel;
import org.latamml.artifact.ModelArtifactException;
import org.latamml.artifact.ModelCard;
import org.latamml.artifact.ModelCards;
import org.latamml.artifact.ModelDirectory;
import org.latamml.problem.ConflictProblem;
import org.latamml.problem.InvalidInputProblem;

/**
 * Adds a model to the store once it is known to serve: its card readable and of this build's
 * format, its graph's signature the card's, and the card's probes reproduced by the graph within
 * 1e-6. A model that fails any check is refused, saying why, and the store is not touched.
 */
@Singleton
public class ModelUpload {
  private static final Logger LOG = Logger.getLogger(ModelUpload.class);

  private final ModelRegistry registry;

  ModelUpload(ModelRegistry registry) {
    this.registry = registry;
  }

  /**
   * Checks and adds the model whose card and graph are these files.
   *
   * @throws InvalidInputProblem naming {@code card} or {@code onnx} when a check fails
   * @throws ConflictProblem when the store has the version already
   * @throws org.latamml.problem.ServiceUnavailableProblem when the store does not answer
   */
  public synchronized ModelCard add(Path cardFile, Path onnxFile) {
    ModelCard card;
    try {
      card = ModelCards.parse("(uploaded)", Files.readString(cardFile, StandardCharsets.UTF_8));
      if (!ModelDirectory.isVersion(card.version())) {
        throw new InvalidInputProblem("card", "its version " + ModelVersions.mustBeOne());
      }
    } catch (ModelArtifactException e) {
      throw new InvalidInputProblem("card", cardProblem(e));
    } catch (IOException e) {
      throw new InvalidInputProblem("card", "cannot be read as UTF-8 text: " + e.getMessage());
    }
    if (registry.versions().contains(card.version())) {
      throw existing(card.version());
    }
    Path staging = null;
    try {
      staging = Files.createTempDirectory("latam-upload-");
      ModelDirectory named = new ModelDirectory(staging);
      Files.copy(cardFile, named.card(card.version()));
      Files.copy(onnxFile, named.onnx(card.version()));
      try (DelayModel model = DelayModel.load(named.card(card.version()))) {
        model.checkProbes();
      } catch (ModelArtifactException e) {
        String why = ModelRegistry.withoutFolder(e, staging);
        throw new InvalidInputProblem(why.contains("probe") ? "card.probes" : "onnx", why);
      }
      if (!registry
          .store()
          .add(card.version(), named.card(card.version()), named.onnx(card.version()))) {
        throw existing(card.version());
      }
    } catch (ModelStore.UploadConflict e) {
      // Its message names the bucket: for the log, not for the caller.
      LOG.warnf("upload of model %s refused: %s", card.version(), e.getMessage());
      throw new ConflictProblem(
          "model "
              + card.version()
              + " is being added, or was begun, with another graph: a version never changes;"
              + " give it another");
    } catch (IOException e) {
      throw ModelRegistry.unreachable(e);
    } finally {
      deleteQuietly(staging);
    }
    registry.refreshVersions();
    LOG.infof("model %s added to %s", card.version(), registry.store().describe());
    return card;
  }

  private static ConflictProblem existing(String version) {
    return new ConflictProblem(
        "model " + version + " is in the store already: a version never changes; give it another");
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (var files = Files.list(dir)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // A temporary folder left behind harms nothing.
    }
  }

  /**
   * What is wrong with an uploaded card. Text that is not JSON is said so by its place alone: the
   * parser's words quote the text they stopped at, and no error echoes a request's body.
   */
  private static String cardProblem(ModelArtifactException e) {
    if (e.getCause() instanceof com.fasterxml.jackson.core.JsonParseException parse) {
      var at = parse.getLocation();
      return "is not valid JSON"
          + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
    }
    return e.getMessage();
  }
}
