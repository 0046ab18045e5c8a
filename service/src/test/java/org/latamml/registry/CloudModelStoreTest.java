package org.latamml.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latamml.artifact.DelayModel;
import org.latamml.artifact.ModelDirectory;

/** The model store in a bucket, on Google's in-memory Cloud Storage. */
class CloudModelStoreTest {
  private static final ModelDirectory SHIPPED =
      new ModelDirectory(Path.of(System.getProperty("latam.home", "..")).resolve("Models"));

  @TempDir Path cache;
  @TempDir Path otherCache;

  private final Storage storage = LocalStorageHelper.customOptions(false).getService();

  @Test
  void anEmptyBucketIsSeededFromTheFolderAndServesItsModels() throws IOException {
    CloudModelStore bucket = CloudModelStore.at(storage, "gs://models-bucket/prod", cache);

    int seeded = bucket.seedFrom(new LocalModelStore(SHIPPED));

    assertThat(seeded).isEqualTo(SHIPPED.versions().size());
    assertThat(bucket.versions()).isEqualTo(SHIPPED.versions());
    assertThat(storage.get(BlobId.of("models-bucket", "prod/Latam_flight_model.1.1.0.onnx")))
        .isNotNull();
    Path card = bucket.card("1.1.0").orElseThrow();
    assertThat(Files.readAllBytes(ModelDirectory.onnxBeside(card)))
        .isEqualTo(Files.readAllBytes(SHIPPED.onnx("1.1.0")));
    try (DelayModel model = DelayModel.load(card)) {
      assertThat(model.version()).isEqualTo("1.1.0");
    }
    assertThat(bucket.seedFrom(new LocalModelStore(SHIPPED))).isZero();
  }

  @Test
  void aGraphLeftWithoutItsCardIsNeverPairedWithAnotherCard() throws IOException {
    CloudModelStore bucket = CloudModelStore.at(storage, "models-bucket", cache);
    // An upload of 1.0.0 cut short after its graph: another model's graph under 1.0.0's name.
    storage.create(
        com.google.cloud.storage.BlobInfo.newBuilder(
                BlobId.of("models-bucket", "Latam_flight_model.1.0.0.onnx"))
            .build(),
        Files.readAllBytes(SHIPPED.onnx("1.1.0")));

    assertThatThrownBy(() -> bucket.add("1.0.0", SHIPPED.card("1.0.0"), SHIPPED.onnx("1.0.0")))
        .isInstanceOf(ModelStore.UploadConflict.class)
        .hasMessageContaining("another graph");
    assertThat(bucket.versions()).isEmpty();

    // The same upload again, its graph the one left: it completes.
    CloudModelStore retried = CloudModelStore.at(storage, "models-bucket", otherCache);
    assertThat(retried.add("1.1.0", SHIPPED.card("1.1.0"), SHIPPED.onnx("1.1.0"))).isTrue();
    assertThat(retried.versions()).containsExactly("1.1.0");
  }

  @Test
  void aVersionAddedByOneInstanceIsSeenByAnotherAndNeverReplaced() throws IOException {
    CloudModelStore one = CloudModelStore.at(storage, "models-bucket", cache);
    CloudModelStore other = CloudModelStore.at(storage, "models-bucket", otherCache);

    assertThat(one.add("1.0.0", SHIPPED.card("1.0.0"), SHIPPED.onnx("1.0.0"))).isTrue();

    assertThat(other.versions()).containsExactly("1.0.0");
    assertThat(other.card("1.0.0")).isPresent();
    assertThat(other.card("9.9.9")).isEmpty();
    assertThat(other.add("1.0.0", SHIPPED.card("1.1.0"), SHIPPED.onnx("1.1.0"))).isFalse();
    assertThat(Files.readString(other.card("1.0.0").orElseThrow()))
        .isEqualTo(Files.readString(SHIPPED.card("1.0.0")));
  }
}
