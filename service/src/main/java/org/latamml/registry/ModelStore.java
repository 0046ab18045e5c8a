package org.latamml.registry;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where model files live, shared by every instance: a card and an ONNX graph per version, named
 * {@code Latam_flight_model.{version}.json|.onnx}. A version, once added, never changes.
 */
public interface ModelStore {

  /** The versions with a card, oldest first. */
  List<String> versions() throws IOException;

  /**
   * The version's card on this machine, its ONNX file beside it (fetched first from a remote
   * store); empty when the store has no such version.
   */
  Optional<Path> card(String version) throws IOException;

  /**
   * Adds a version from files on this machine: its graph first, then its card, which makes it
   * visible.
   *
   * @return false when the store has the version already; nothing is changed then
   * @throws UploadConflict when another upload of the version has begun, with other files
   */
  boolean add(String version, Path card, Path onnx) throws IOException;

  /** A version whose files another upload, under way or cut short, has begun to add. */
  final class UploadConflict extends IOException {
    private static final long serialVersionUID = 1L;

    /** Says which version, and why. */
    public UploadConflict(String message) {
      super(message);
    }

    /** The version has another graph in {@code store} without its card. */
    static UploadConflict anotherGraph(String version, String store) {
      return new UploadConflict(
          "model "
              + version
              + " has another graph in "
              + store
              + " without its card: another upload of it is under way or was cut short");
    }
  }

  /** Where the store is, for messages. */
  String describe();
}
