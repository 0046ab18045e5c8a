package org.latamml.artifact;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The probabilities a model's graph gave on the rows {@link GraphParity} checks, kept in a
 * directory by what they depend on: the card's and the graph's bytes, the rows and ONNX Runtime's
 * version. A model loaded again from the same files is checked against them instead of a graph run
 * again, so that a service whose models all score in Java never loads ONNX Runtime, whose library
 * and sessions take about 30 MB of its resident memory (docs/PERFORMANCE.md, "Models checked
 * once").
 */
public final class GraphAnswers {
  /** Keeps nothing: every load runs the graph. */
  public static final GraphAnswers NONE = new GraphAnswers(null);

  /**
   * What the graph's side of the checks is, named in every key: bump it when {@code
   * DelayModel.checkSignature}, how a graph's output is read, {@link GraphParity#graphAnswers} or
   * the session's options change, so that answers kept before are not taken for the new checks'.
   */
  static final String CHECKS = "graph checks 1";

  private static final long MAGIC = 0x4c4154414d474131L; // "LATAMGA1"

  // Readable by whoever runs the service, whichever user kept them (an image's build, say).
  private static final Set<PosixFilePermission> READABLE =
      PosixFilePermissions.fromString("rw-r--r--");

  private final Path directory;

  private GraphAnswers(Path directory) {
    this.directory = directory;
  }

  /** Answers kept in {@code directory}, made when first kept. */
  public static GraphAnswers in(Path directory) {
    return new GraphAnswers(directory);
  }

  /** Whether answers are kept at all. */
  boolean isKept() {
    return directory != null;
  }

  /**
   * The key of a graph's answers: a SHA-256 of the card's and the graph's bytes, the rows asked,
   * ONNX Runtime's version and {@link #CHECKS}, any of which changing makes the answers another's.
   *
   * @throws IllegalStateException when ONNX Runtime's version cannot be read: answers kept then
   *     could be another version's
   */
  static String keyOf(byte[] card, byte[] graph, float[] rows) {
    String runtime = runtimeVersion();
    if (runtime == null) {
      throw new IllegalStateException("ONNX Runtime's version is not in its jar's manifest");
    }
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
    for (byte[] part :
        List.of(
            CHECKS.getBytes(StandardCharsets.UTF_8),
            runtime.getBytes(StandardCharsets.UTF_8),
            card,
            graph)) {
      // Each part's length first, so that bytes moved from one part to the next make another key.
      digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(part.length).array());
      digest.update(part);
    }
    ByteBuffer bytes = ByteBuffer.allocate(rows.length * Float.BYTES);
    bytes.asFloatBuffer().put(rows);
    digest.update(bytes.array());
    return HexFormat.of().formatHex(digest.digest());
  }

  /**
   * ONNX Runtime's version, read from its jar's manifest: loading its classes would load its native
   * library, which is what keeping the answers spares.
   */
  static String runtimeVersion() {
    Package runtime = ai.onnxruntime.OrtException.class.getPackage();
    return runtime == null ? null : runtime.getImplementationVersion();
  }

  /**
   * The answers kept under {@code key}, if there are exactly {@code count}: empty when none were
   * kept, or the file is not one this wrote whole.
   */
  Optional<double[]> find(String key, int count) {
    if (directory == null) {
      return Optional.empty();
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(directory.resolve(key));
    } catch (IOException e) {
      // None kept (NoSuchFileException), or none readable: the graph runs.
      return Optional.empty();
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      if (bytes.length != Long.BYTES + Integer.BYTES + count * Double.BYTES
          || in.readLong() != MAGIC
          || in.readInt() != count) {
        return Optional.empty();
      }
      double[] answers = new double[count];
      for (int i = 0; i < count; i++) {
        answers[i] = in.readDouble();
      }
      return Optional.of(answers);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * Keeps the answers under {@code key}, whole or not at all (written beside, then moved in place);
   * false when the directory cannot be written, which only means the graph runs again next time.
   */
  boolean keep(String key, double[] answers) {
    if (directory == null) {
      return false;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeLong(MAGIC);
      out.writeInt(answers.length);
      for (double answer : answers) {
        out.writeDouble(answer);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      Files.createDirectories(directory);
      Path part = Files.createTempFile(directory, key, ".part");
      try {
        Files.write(part, bytes.toByteArray());
        if (Files.getFileStore(part).supportsFileAttributeView("posix")) {
          Files.setPosixFilePermissions(part, READABLE);
        }
        try {
          Files.move(part, directory.resolve(key), StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(part, directory.resolve(key), StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(part);
      }
      return true;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }
}
