package org.latamml.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latamml.artifact.DelayModel;
import org.latamml.artifact.ModelArtifactException;

/**
 * A model exported from Python as README.md's "Adding a model" says: a logistic regression over the
 * 37 one-hot columns in the shape skl2onnx gives it (input {@code float_input}, a {@code
 * LinearClassifier} whose {@code probabilities} a {@code ZipMap} turns into {@code
 * output_probability}), served from a copy of 1.0.0's card with only {@code version} and {@code
 * onnx} changed.
 */
class PythonExportTest {
  private static final int WIDTH = 37;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void servesSkl2onnxsZipMapAndItsProbabilitiesAlikeAsTheLogisticOfTheWeights() throws IOException {
    float[] weights = new float[WIDTH];
    for (int i = 0; i < WIDTH; i++) {
      weights[i] = (i % 5 - 2) * 0.37f;
    }
    float bias = -0.8f;
    byte[] graph = skl2onnxStyle(weights, bias);
    float[] rows = new float[3 * WIDTH];
    rows[12] = 1; // Grupo LATAM
    rows[23] = 1; // international
    rows[25 + 6] = 1; // July
    rows[WIDTH + 21] = 1; // Sky Airline
    rows[WIDTH + 24] = 1; // national
    rows[WIDTH + 25] = 1; // January
    // The third row leaves every column 0: the bias alone.

    double[] fromZipMap = served("9.0.0", "output_probability", graph, rows);
    double[] fromTensor = served("9.0.1", "probabilities", graph, rows);

    for (int r = 0; r < 3; r++) {
      double z = bias;
      for (int i = 0; i < WIDTH; i++) {
        z += weights[i] * rows[r * WIDTH + i];
      }
      assertThat(fromZipMap[r]).isCloseTo(1 / (1 + Math.exp(-z)), within(1e-6));
    }
    assertThat(fromTensor).containsExactly(fromZipMap);
  }

  @Test
  void aPositiveClassIndexNamingNoColumnOfTheOutputIsRefusedAtLoad() throws IOException {
    byte[] graph = skl2onnxStyle(new float[WIDTH], 0, 0);

    assertThatThrownBy(() -> served("9.0.2", "probabilities", 2, graph, new float[WIDTH]))
        .isInstanceOf(ModelArtifactException.class)
        .hasMessageContaining("positive_class_index 2 names no column of output 'probabilities'");
  }

  @Test
  void aGraphMadeForOneRowAtATimeIsRefusedAtLoad() throws IOException {
    // skl2onnx's initial_types=[("float_input", FloatTensorType([1, 37]))]: requests score many.
    byte[] graph = skl2onnxStyle(new float[WIDTH], 0, 1);

    assertThatThrownBy(() -> served("9.0.3", "probabilities", 1, graph, new float[WIDTH]))
        .isInstanceOf(ModelArtifactException.class)
        .hasMessageContaining("N free for any batch")
        .hasMessageContaining("but is float [1, 37]");
  }

  private double[] served(String version, String output, byte[] graph, float[] rows)
      throws IOException {
    return served(version, output, 1, graph, rows);
  }

  /**
   * The probabilities a card copied from 1.0.0's, naming the graph's input, this output and the
   * delayed class's column, gives.
   */
  private double[] served(String version, String output, int positive, byte[] graph, float[] rows)
      throws IOException {
    ObjectNode card =
        (ObjectNode)
            JSON.readTree(
                Path.of(System.getProperty("latam.home", ".."), "Models")
                    .resolve("Latam_flight_model.1.0.0.json")
                    .toFile());
    card.put("version", version);
    card.remove(List.of("training_data", "evaluation"));
    card.putObject("onnx")
        .put("input", "float_input")
        .put("output", output)
        .put("positive_class_index", positive);
    Path cardFile = dir.resolve("Latam_flight_model." + version + ".json");
    JSON.writeValue(cardFile.toFile(), card);
    Files.write(dir.resolve("Latam_flight_model." + version + ".onnx"), graph);
    try (DelayModel model = DelayModel.load(cardFile)) {
      return model.scoreByGraph(rows, rows.length / WIDTH);
    }
  }

  /**
   * What skl2onnx writes for a binary LogisticRegression: a LinearClassifier with a logistic
   * post-transform ({@code probabilities}, [N, 2]) and a ZipMap of its columns keyed 0 and 1.
   */
  private static byte[] skl2onnxStyle(float[] weights, float bias) {
    return skl2onnxStyle(weights, bias, 0);
  }

  /** The same, its input's rows fixed at {@code rows} (free when 0). */
  private static byte[] skl2onnxStyle(float[] weights, float bias, int rows) {
    float[] coefficients = new float[2 * WIDTH];
    for (int i = 0; i < WIDTH; i++) {
      coefficients[i] = -weights[i];
      coefficients[WIDTH + i] = weights[i];
    }
    GraphProto graph =
        GraphProto.newBuilder()
            .setName("skl2onnx_like")
            .addInput(tensor("float_input", TensorProto.DataType.FLOAT, WIDTH, rows))
            .addOutput(tensor("label", TensorProto.DataType.INT64, 0))
            .addOutput(tensor("probabilities", TensorProto.DataType.FLOAT, 2))
            .addOutput(
                ValueInfoProto.newBuilder()
                    .setName("output_probability")
                    .setType(
                        TypeProto.newBuilder()
                            .setSequenceType(
                                TypeProto.Sequence.newBuilder()
                                    .setElemType(
                                        TypeProto.newBuilder()
                                            .setMapType(
                                                TypeProto.Map.newBuilder()
                                                    .setKeyType(
                                                        TensorProto.DataType.INT64.getNumber())
                                                    .setValueType(
                                                        TypeProto.newBuilder()
                                                            .setTensorType(
                                                                TypeProto.Tensor.newBuilder()
                                                                    .setElemType(
                                                                        TensorProto.DataType.FLOAT
                                                                            .getNumber())))))))
                    .build())
            .addNode(
                NodeProto.newBuilder()
                    .setOpType("LinearClassifier")
                    .setDomain("ai.onnx.ml")
                    .addInput("float_input")
                    .addOutput("label")
                    .addOutput("probabilities")
                    .addAttribute(OnnxGraphs.floatList("coefficients", coefficients))
                    .addAttribute(OnnxGraphs.floatList("intercepts", new float[] {-bias, bias}))
                    .addAttribute(OnnxGraphs.ints("classlabels_ints", new long[] {0, 1}))
                    .addAttribute(
                        AttributeProto.newBuilder()
                            .setName("post_transform")
                            .setType(AttributeProto.AttributeType.STRING)
                            .setS(com.google.protobuf.ByteString.copyFromUtf8("LOGISTIC"))))
            .addNode(
                NodeProto.newBuilder()
                    .setOpType("ZipMap")
                    .setDomain("ai.onnx.ml")
                    .addInput("probabilities")
                    .addOutput("output_probability")
                    .addAttribute(OnnxGraphs.ints("classlabels_int64s", new long[] {0, 1})))
            .build();
    return ModelProto.newBuilder()
        .setIrVersion(8)
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("ai.onnx.ml").setVersion(1))
        .setGraph(graph)
        .build()
        .toByteArray();
  }

  /** A tensor of N rows, and {@code width} columns (none when 0). */
  private static ValueInfoProto tensor(String name, TensorProto.DataType type, int width) {
    return tensor(name, type, width, 0);
  }

  /** A tensor of {@code rows} rows (N, free, when 0) and {@code width} columns (none when 0). */
  private static ValueInfoProto tensor(
      String name, TensorProto.DataType type, int width, int rows) {
    TensorShapeProto.Builder shape =
        TensorShapeProto.newBuilder()
            .addDim(
                rows > 0
                    ? TensorShapeProto.Dimension.newBuilder().setDimValue(rows)
                    : TensorShapeProto.Dimension.newBuilder().setDimParam("N"));
    if (width > 0) {
      shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(width));
    }
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            TypeProto.newBuilder()
                .setTensorType(
                    TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape)))
        .build();
  }
}
