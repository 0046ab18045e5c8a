package org.latamml.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
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

  @Override
  public synchronized boolean add(String version, Path card, Path onnx) throws IOException {
    Path target = directory.card(version);
    if (Files.exists(target)) {
      return false;
    }
    Files.createDirectories(directory.root());
    // Each file is copied beside its place and renamed into it: a reader sees it whole or not at
    // all, and the card, which makes the version visible, comes last.
    place(onnx, directory.onnx(version));
    place(card, target);
    return true;
  }

  private static void place(Path source, Path target) throws IOException {
    Path partial = target.resolveSibling(target.getFileName() + ".partial");
    Files.copy(source, partial, StandardCopyOption.REPLACE_EXISTING);
    Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public String describe() {
    return directory.root().toString();
  }
}
