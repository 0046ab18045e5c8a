package org.latamml.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelDirectoryTest {
  @TempDir Path dir;

  @Test
  void namesFilesTheWayDataScientistsKnow() {
    ModelDirectory models = new ModelDirectory(dir);

    assertThat(models.onnx("1.0.0")).hasFileName("Latam_flight_model.1.0.0.onnx");
    assertThat(models.card("1.0.0")).hasFileName("Latam_flight_model.1.0.0.json");
    assertThat(ModelDirectory.onnxBeside(models.card("2.1"))).isEqualTo(models.onnx("2.1"));
  }

  @Test
  void listsVersionsWithCardsInNumericOrder() throws IOException {
    for (String v : new String[] {"1.10.0", "1.2.0", "1.0.0"}) {
      Files.writeString(dir.resolve("Latam_flight_model." + v + ".json"), "{}");
    }
    Files.writeString(dir.resolve("notes.json"), "{}");

    assertThat(new ModelDirectory(dir).versions()).containsExactly("1.0.0", "1.2.0", "1.10.0");
  }

  @Test
  void readsTheServedVersionTrimmed() throws IOException {
    Path file = Files.writeString(dir.resolve("version.txt"), "1.0.0\n");

    assertThat(ModelDirectory.readServedVersion(file)).isEqualTo("1.0.0");
  }

  @Test
  void refusesAVersionThatCannotNameAFile() throws IOException {
    Path file = Files.writeString(dir.resolve("version.txt"), "../../etc/passwd");

    assertThatThrownBy(() -> ModelDirectory.readServedVersion(file))
        .isInstanceOf(ModelArtifactException.class)
        .hasMessageContaining("is not like 1.0.0");
  }
}
