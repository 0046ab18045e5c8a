package org.latamml.registry;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.latamml.artifact.ModelDirectory;

/** The model store as a folder of this machine: {@code Models/} unless set. */
public final class LocalModelStore implements ModelStore {
  private final ModelDirectory directory;

  /** The store in {@code directory}. */
  public LocalModelStore(ModelDirectory directory) {
    this.directory = directory;
  }

  @Override
  public List<String> versions() throws IOException {
    return directory.versions();
  }

  @Override
  public Optional<Path> card(String version) {
    Path card = directory.card(version);
    return Files.exists(card) ? Optional.of(card) : Optional.empty();
  }

  /**
   * Adds the version unless the folder has it. Instances sharing the folder may add the same
   * version at once: each writes its files under names of its own, then links them into the
   * version's names, which fails where a file is there already. A graph there without its card is
   * another upload of the version, under way or cut short: this one goes on only with the same
   * bytes, so that a card is never paired with another upload's graph, as in the bucket.
   */
  @Override
  public synchronized boolean add(String version, Path card, Path onnx) throws IOException {
    Path cardTarget = directory.card(version);
    Path onnxTarget = directory.onnx(version);
    if (Files.exists(cardTarget)) {
      return false;
    }
    Files.createDirectories(directory.root());
    String mine = ".partial-" + UUID.randomUUID();
    Path cardPartial = cardTarget.resolveSibling(cardTarget.getFileName() + mine);
    Path onnxPartial = onnxTarget.resolveSibling(onnxTarget.getFileName() + mine);
    try {
      Files.copy(onnx, onnxPartial);
      Files.copy(card, cardPartial);
      try {
        Files.createLink(onnxTarget, onnxPartial);
      } catch (FileAlreadyExistsException another) {
        if (Files.exists(cardTarget)) {
          return false;
        }
        if (Files.mismatch(onnxTarget, onnxPartial) != -1) {
          throw UploadConflict.anotherGraph(version, describe());
        }
      }
      // The card comes last: it makes the version visible, whole.
      try {
        Files.createLink(cardTarget, cardPartial);
      } catch (FileAlreadyExistsException another) {
        return false;
      }
      return true;
    } finally {
      Files.deleteIfExists(onnxPartial);
      Files.deleteIfExists(cardPartial);
    }
  }

  @Override
  public String describe() {
    return directory.root().toString();
  }
}
