package org.latamml.registry;

import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.latamml.artifact.ModelDirectory;

/**
 * The model store as a Cloud Storage bucket, shared by every instance: {@code
 * gs://bucket/prefix/Latam_flight_model.{version}.json|.onnx}. A version's files are fetched once
 * into a folder of this machine (versions never change) and loaded from there.
 */
public final class CloudModelStore implements ModelStore {
  private static final int PRECONDITION_FAILED = 412;

  private final Storage storage;
  private final String bucket;
  private final String prefix;
  private final ModelDirectory fetched;

  /**
   * The store in {@code bucket} under {@code prefix} ("" or ending in {@code /}), fetching into
   * {@code cache}.
   */
  public CloudModelStore(Storage storage, String bucket, String prefix, Path cache) {
    this.storage = storage;
    this.bucket = bucket;
    this.prefix = prefix;
    this.fetched = new ModelDirectory(cache);
  }

  /** The store a location such as {@code gs://bucket/models/} names. */
  public static CloudModelStore at(Storage storage, String location, Path cache) {
    String path = location.startsWith("gs://") ? location.substring(5) : location;
    int slash = path.indexOf('/');
    String bucket = slash < 0 ? path : path.substring(0, slash);
    String prefix = slash < 0 ? "" : path.substring(slash + 1);
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      prefix = prefix + "/";
    }
    return new CloudModelStore(storage, bucket, prefix, cache);
  }

  @Override
  public List<String> versions() throws IOException {
    List<String> names = new ArrayList<>();
    try {
      for (Blob blob :
          storage
              .list(bucket, Storage.BlobListOption.prefix(prefix + ModelDirectory.PREFIX))
              .iterateAll()) {
        names.add(blob.getName().substring(prefix.length()));
      }
    } catch (StorageException e) {
      throw new IOException("cannot list " + describe() + ": " + e.getMessage(), e);
    }
    return ModelDirectory.versionsOf(names);
  }

  @Override
  public synchronized Optional<Path> card(String version) throws IOException {
    Path card = fetched.card(version);
    if (Files.exists(card)) {
      return Optional.of(card);
    }
    try {
      Blob cardBlob = storage.get(blobOf(card));
      if (cardBlob == null) {
        return Optional.empty();
      }
      Files.createDirectories(fetched.root());
      download(storage.get(blobOf(fetched.onnx(version))), fetched.onnx(version));
      download(cardBlob, card);
      return Optional.of(card);
    } catch (StorageException e) {
      throw new IOException("cannot fetch model " + version + " from " + describe() + ": " + e, e);
    }
  }

  private static void download(Blob blob, Path target) throws IOException {
    if (blob == null) {
      throw new IOException(target.getFileName() + " is missing beside its card");
    }
    Path partial = target.resolveSibling(target.getFileName() + ".partial");
    Files.write(partial, blob.getContent());
    Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public boolean add(String version, Path card, Path onnx) throws IOException {
    BlobId cardId = blobOf(fetched.card(version));
    BlobId onnxId = blobOf(fetched.onnx(version));
    byte[] graph = Files.readAllBytes(onnx);
    try {
      if (storage.get(cardId) != null) {
        return false;
      }
      // The graph first, only if absent; a graph already there without its card is an upload of
      // this version interrupted or under way elsewhere: this one goes on only with the same bytes,
      // so that a card is never paired with another upload's graph. Then the card, only if absent:
      // it is what makes the version visible.
      if (storage.get(onnxId) == null) {
        try {
          storage.create(
              BlobInfo.newBuilder(onnxId).build(), graph, Storage.BlobTargetOption.doesNotExist());
        } catch (StorageException e) {
          // Another upload's graph came between the look and the write: compared below.
          if (e.getCode() != PRECONDITION_FAILED) {
            throw e;
          }
        }
      }
      if (!java.util.Arrays.equals(storage.readAllBytes(onnxId), graph)) {
        throw UploadConflict.anotherGraph(version, describe());
      }
      storage.create(
          BlobInfo.newBuilder(cardId).setContentType("application/json").build(),
          Files.readAllBytes(card),
          Storage.BlobTargetOption.doesNotExist());
      return true;
    } catch (StorageException e) {
      if (e.getCode() == PRECONDITION_FAILED) {
        return false;
      }
      throw new IOException("cannot add model " + version + " to " + describe() + ": " + e, e);
    }
  }

  /** Copies every version of {@code source} the bucket lacks: an empty bucket's first start. */
  public int seedFrom(ModelStore source) throws IOException {
    List<String> present = versions();
    int added = 0;
    for (String version : source.versions()) {
      if (!present.contains(version)) {
        Path card = source.card(version).orElseThrow();
        if (add(version, card, ModelDirectory.onnxBeside(card))) {
          added++;
        }
      }
    }
    return added;
  }

  private BlobId blobOf(Path local) {
    return BlobId.of(bucket, prefix + local.getFileName());
  }

  @Override
  public String describe() {
    return "gs://" + bucket + "/" + prefix;
  }
}
