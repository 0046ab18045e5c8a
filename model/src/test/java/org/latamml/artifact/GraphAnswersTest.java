package org.latamml.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Models loaded again from the same files, checked against their graph's kept answers. */
class GraphAnswersTest {
  private static final Path MODELS = Path.of(System.getProperty("latam.home", ".."), "Models");

  @TempDir Path dir;

  /** A copy of a shipped model's card and graph, so that a test may change either. */
  private Path copy(String version) throws IOException {
    Path models = Files.createDirectories(dir.resolve("Models"));
    for (String ext : List.of(".json", ".onnx")) {
      Files.copy(
          MODELS.resolve("Latam_flight_model." + version + ext),
          models.resolve("Latam_flight_model." + version + ext));
    }
    return models.resolve("Latam_flight_model." + version + ".json");
  }

  private GraphAnswers kept() {
    return GraphAnswers.in(dir.resolve("answers"));
  }

  private List<Path> keptFiles() throws IOException {
    if (!Files.isDirectory(dir.resolve("answers"))) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir.resolve("answers"))) {
      return files.toList();
    }
  }

  /** Sets the kept file's answer {@code index} (-1: the last) to {@code value}. */
  private void setKeptAnswer(int index, double value) throws IOException {
    Path file = keptFiles().get(0);
    byte[] bytes = Files.readAllBytes(file);
    // Past the magic number and the count.
    int at =
        index >= 0 ? Long.BYTES + Integer.BYTES + index * Double.BYTES : bytes.length + index * 8;
    ByteBuffer.wrap(bytes).putDouble(at, value);
    Files.write(file, bytes);
  }

  private static float[] rows(DelayModel model, int count) {
    float[] rows = new float[count * model.encoder().width()];
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < rows.length; i++) {
      rows[i] = random.nextInt(6) == 0 ? (float) random.nextDouble() * 20 : 0f;
    }
    return rows;
  }

  @Test
  void aModelLoadedAgainFromTheSameFilesIsCheckedWithoutRunningItsGraph() throws IOException {
    Path card = copy("2.0.0");
    try (DelayModel first = DelayModel.load(card, kept());
        DelayModel again = DelayModel.load(card, kept())) {
      float[] rows = rows(first, 300);

      assertThat(first.scoredBy()).startsWith("its trees in Java (agreeing with its graph on");
      assertThat(first.isGraphOpen()).isTrue();
      assertThat(keptFiles()).hasSize(1);
      assertThat(again.scoredBy()).contains("its graph's answers").contains("kept from a load");
      again.checkProbes();
      assertThat(again.score(rows, 300)).containsExactly(first.score(rows, 300));
      assertThat(again.isGraphOpen()).isFalse();
      // The graph is still there when asked for: opened then.
      assertThat(again.scoreByGraph(rows, 300)).containsExactly(first.scoreByGraph(rows, 300));
      assertThat(again.isGraphOpen()).isTrue();
    }
  }

  @Test
  void aLinearModelIsCheckedSoToo() throws IOException {
    Path card = copy("1.1.0");
    DelayModel.load(card, kept()).close();

    try (DelayModel again = DelayModel.load(card, kept())) {
      assertThat(again.scoredBy()).startsWith("its weights in Java").contains("kept from a load");
      again.checkProbes();
      assertThat(again.isGraphOpen()).isFalse();
    }
  }

  @Test
  void aCardChangedSinceIsCheckedAgainstItsGraph() throws IOException {
    Path card = copy("2.0.0");
    DelayModel.load(card, kept()).close();
    ObjectMapper json = new ObjectMapper();
    ObjectNode changed = (ObjectNode) json.readTree(card.toFile());
    changed.put("created_at", "2030-01-01T00:00:00Z");
    json.writeValue(card.toFile(), changed);

    try (DelayModel again = DelayModel.load(card, kept())) {
      assertThat(again.scoredBy()).doesNotContain("kept");
      assertThat(again.isGraphOpen()).isTrue();
      assertThat(keptFiles()).hasSize(2);
    }
  }

  @Test
  void keptAnswersTheTreesDisagreeWithAreNotTrustedAndAreMadeAgain() throws IOException {
    Path card = copy("2.0.0");
    DelayModel.load(card, kept()).close();
    setKeptAnswer(0, 0.99);

    try (DelayModel again = DelayModel.load(card, kept())) {
      assertThat(again.scoredBy()).startsWith("its trees in Java (agreeing with its graph on");
      assertThat(again.isGraphOpen()).isTrue();
    }
    try (DelayModel third = DelayModel.load(card, kept())) {
      assertThat(third.scoredBy()).contains("kept from a load");
    }
  }

  @Test
  void aFileCutShortIsNoAnswer() throws IOException {
    Path card = copy("2.0.0");
    DelayModel.load(card, kept()).close();
    Path file = keptFiles().get(0);
    Files.write(file, java.util.Arrays.copyOf(Files.readAllBytes(file), 100));

    try (DelayModel again = DelayModel.load(card, kept())) {
      assertThat(again.isGraphOpen()).isTrue();
      assertThat(again.scoredBy()).doesNotContain("kept");
    }
  }

  @Test
  void aDirectoryThatCannotBeWrittenOnlyMeansTheGraphRunsEachTime() throws IOException {
    Path card = copy("2.0.0");
    Path notADirectory = Files.writeString(dir.resolve("a-file"), "x");
    GraphAnswers unwritable = GraphAnswers.in(notADirectory);

    try (DelayModel first = DelayModel.load(card, unwritable);
        DelayModel again = DelayModel.load(card, unwritable)) {
      assertThat(first.scoredBy()).startsWith("its trees in Java");
      assertThat(again.isGraphOpen()).isTrue();
    }
  }

  @Test
  void aProbeThatDoesNotReproduceIsRefusedFromKeptAnswersToo() throws IOException {
    Path card = copy("2.0.0");
    ObjectMapper json = new ObjectMapper();
    ObjectNode changed = (ObjectNode) json.readTree(card.toFile());
    ObjectNode probe = (ObjectNode) ((ArrayNode) changed.path("probes")).get(0);
    probe.put("probability", probe.path("probability").asDouble() + 1e-3);
    json.writeValue(card.toFile(), changed);

    try (DelayModel first = DelayModel.load(card, kept())) {
      assertThatThrownBy(first::checkProbes).hasMessageContaining("probe 0 does not reproduce");
    }
    try (DelayModel again = DelayModel.load(card, kept())) {
      assertThat(again.scoredBy()).contains("kept from a load");
      assertThatThrownBy(again::checkProbes).hasMessageContaining("probe 0 does not reproduce");
      assertThat(again.isGraphOpen()).isFalse();
    }
  }

  @Test
  void aCardWithoutTermsKeepsNothing() throws IOException {
    Path card = copy("1.0.0");

    try (DelayModel model = DelayModel.load(card, kept())) {
      assertThat(model.scoredBy()).isEqualTo("ONNX Runtime");
      assertThat(keptFiles()).isEmpty();
    }
  }

  @Test
  void answersKeptForAFolderLetEachOfItsModelsLoadWithoutItsGraph() throws IOException {
    copy("1.0.0");
    copy("1.1.0");
    Path card = copy("2.0.0");

    List<String> said = KeepGraphAnswers.keep(card.getParent(), kept());

    assertThat(said)
        .containsExactly(
            "1.0.0: scored by ONNX Runtime",
            "1.1.0: scored by its weights in Java (agreeing with its graph on every row checked)",
            "2.0.0: scored by its trees in Java (agreeing with its graph on every row checked)");
    for (String version : List.of("1.1.0", "2.0.0")) {
      try (DelayModel again =
          DelayModel.load(card.resolveSibling("Latam_flight_model." + version + ".json"), kept())) {
        assertThat(again.scoredBy()).contains("kept from a load");
        assertThat(again.isGraphOpen()).isFalse();
      }
    }
  }

  @Test
  void theKeyNamesEveryPartTheAnswersDependOn() {
    byte[] card = {1, 2, 3};
    byte[] graph = {4, 5, 6};
    float[] rows = {0f, 1f, 0.5f};
    String key = GraphAnswers.keyOf(card, graph, rows);

    assertThat(GraphAnswers.keyOf(card.clone(), graph.clone(), rows.clone())).isEqualTo(key);
    assertThat(GraphAnswers.keyOf(new byte[] {1, 2, 7}, graph, rows)).isNotEqualTo(key);
    assertThat(GraphAnswers.keyOf(card, new byte[] {4, 5, 7}, rows)).isNotEqualTo(key);
    assertThat(GraphAnswers.keyOf(card, graph, new float[] {0f, 1f, 0.25f})).isNotEqualTo(key);
    // A byte moved from the card to the graph is another pair of files.
    assertThat(GraphAnswers.keyOf(new byte[] {1, 2}, new byte[] {3, 4, 5, 6}, rows))
        .isNotEqualTo(key);
    assertThat(GraphAnswers.runtimeVersion())
        .isEqualTo(ai.onnxruntime.OrtEnvironment.getEnvironment().getVersion());
  }

  @Test
  void aKeptAnswerOfAProbeScoredAloneIsCheckedToo() throws IOException {
    Path card = copy("2.0.0");
    DelayModel.load(card, kept()).close();
    // The last answer: the last probe scored alone.
    setKeptAnswer(-1, 0.99);

    try (DelayModel again = DelayModel.load(card, kept())) {
      assertThat(again.isGraphOpen()).isTrue();
      assertThat(again.scoredBy()).doesNotContain("kept");
    }
  }

  @Test
  void answersThatCannotBeKeptForAnImageFailItsBuild() throws IOException {
    Path card = copy("2.0.0");
    GraphAnswers unwritable = GraphAnswers.in(Files.writeString(dir.resolve("a-file"), "x"));

    assertThatThrownBy(() -> KeepGraphAnswers.keep(card.getParent(), unwritable))
        .isInstanceOf(ModelArtifactException.class)
        .hasMessageContaining("could not be kept");
  }
}
