package org.latamml.training;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.List;
import org.latamml.artifact.OnnxSignature;

/**
 * Writes the ONNX graphs of our trainers' models with ONNX's own protobuf schema: nothing in them
 * depends on the time or the machine, so the same model always gives the same bytes.
 */
final class OnnxGraphs {
  private static final String INPUT = OnnxSignature.TRAINER.input();
  private static final String OUTPUT = OnnxSignature.TRAINER.output();
  private static final long IR_VERSION = 8;
  private static final long OPSET = 13;
  private static final long ML_OPSET = 3;
  private static final String ML_DOMAIN = "ai.onnx.ml";

  private OnnxGraphs() {}

  /** {@code probability = sigmoid(features · weights + bias)}. */
  static byte[] logistic(float[] weights, float bias, String version) {
    int width = weights.length;
    GraphProto graph =
        GraphProto.newBuilder()
            .setName("logistic_regression")
            .addInput(floatInput(width))
            .addOutput(floatOutput())
            .addInitializer(floats("weights", List.of((long) width, 1L), weights))
            .addInitializer(floats("bias", List.of(1L), new float[] {bias}))
            .addNode(node("MatMul", List.of(INPUT, "weights"), "product"))
            .addNode(node("Add", List.of("product", "bias"), "logit"))
            .addNode(node("Sigmoid", List.of("logit"), OUTPUT))
            .build();
    return model(graph, version, false);
  }

  /** {@code probability = sigmoid(base + sum of the trees' leaves)}, for boosted trees. */
  static byte[] boostedTrees(TreeEnsemble trees, int width, String version) {
    NodeProto ensemble =
        NodeProto.newBuilder()
            .setOpType("TreeEnsembleRegressor")
            .setDomain(ML_DOMAIN)
            .setName("trees")
            .addInput(INPUT)
            .addOutput("margin")
            .addAttribute(ints("nodes_treeids", trees.treeIds()))
            .addAttribute(ints("nodes_nodeids", trees.nodeIds()))
            .addAttribute(ints("nodes_featureids", trees.featureIds()))
            .addAttribute(floatList("nodes_values", trees.thresholds()))
            .addAttribute(strings("nodes_modes", trees.modes()))
            .addAttribute(ints("nodes_truenodeids", trees.trueNodeIds()))
            .addAttribute(ints("nodes_falsenodeids", trees.falseNodeIds()))
            .addAttribute(ints("nodes_missing_value_tracks_true", trees.missingTracksTrue()))
            .addAttribute(ints("target_treeids", trees.leafTreeIds()))
            .addAttribute(ints("target_nodeids", trees.leafNodeIds()))
            .addAttribute(ints("target_ids", new long[trees.leafNodeIds().length]))
            .addAttribute(floatList("target_weights", trees.leafValues()))
            .addAttribute(
                AttributeProto.newBuilder()
                    .setName("n_targets")
                    .setType(AttributeProto.AttributeType.INT)
                    .setI(1))
            .addAttribute(
                AttributeProto.newBuilder()
                    .setName("aggregate_function")
                    .setType(AttributeProto.AttributeType.STRING)
                    .setS(com.google.protobuf.ByteString.copyFromUtf8("SUM")))
            .addAttribute(floatList("base_values", new float[] {trees.baseMargin()}))
            .build();
    GraphProto graph =
        GraphProto.newBuilder()
            .setName("boosted_trees")
            .addInput(floatInput(width))
            .addOutput(floatOutput())
            .addNode(ensemble)
            .addNode(node("Sigmoid", List.of("margin"), OUTPUT))
            .build();
    return model(graph, version, true);
  }

  private static byte[] model(GraphProto graph, String version, boolean usesMl) {
    ModelProto.Builder model =
        ModelProto.newBuilder()
            .setIrVersion(IR_VERSION)
            .setProducerName("latam-ml-infra")
            .setProducerVersion("1")
            .setDomain("org.latamml")
            .setModelVersion(1)
            .setDocString("Probability that a flight leaves SCL more than 15 minutes late")
            .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
            .addMetadataProps(
                StringStringEntryProto.newBuilder().setKey("model_version").setValue(version))
            .setGraph(graph);
    if (usesMl) {
      model.addOpsetImport(
          OperatorSetIdProto.newBuilder().setDomain(ML_DOMAIN).setVersion(ML_OPSET));
    }
    return model.build().toByteArray();
  }

  private static ValueInfoProto floatInput(int width) {
    return tensorInfo(
        INPUT,
        TensorShapeProto.newBuilder()
            .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"))
            .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(width)));
  }

  private static ValueInfoProto floatOutput() {
    return tensorInfo(
        OUTPUT,
        TensorShapeProto.newBuilder()
            .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"))
            .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(1)));
  }

  private static ValueInfoProto tensorInfo(String name, TensorShapeProto.Builder shape) {
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            TypeProto.newBuilder()
                .setTensorType(
                    TypeProto.Tensor.newBuilder()
                        .setElemType(TensorProto.DataType.FLOAT.getNumber())
                        .setShape(shape)))
        .build();
  }

  private static TensorProto floats(String name, List<Long> dims, float[] values) {
    TensorProto.Builder tensor =
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(TensorProto.DataType.FLOAT.getNumber())
            .addAllDims(dims);
    for (float value : values) {
      tensor.addFloatData(value);
    }
    return tensor.build();
  }

  private static NodeProto node(String op, List<String> inputs, String output) {
    return NodeProto.newBuilder()
        .setOpType(op)
        .setName(output)
        .addAllInput(inputs)
        .addOutput(output)
        .build();
  }

  private static AttributeProto ints(String name, long[] values) {
    AttributeProto.Builder attribute =
        AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (long value : values) {
      attribute.addInts(value);
    }
    return attribute.build();
  }

  private static AttributeProto floatList(String name, float[] values) {
    AttributeProto.Builder attribute =
        AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOATS);
    for (float value : values) {
      attribute.addFloats(value);
    }
    return attribute.build();
  }

  private static AttributeProto strings(String name, List<String> values) {
    AttributeProto.Builder attribute =
        AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRINGS);
    values.forEach(
        value -> attribute.addStrings(com.google.protobuf.ByteString.copyFromUtf8(value)));
    return attribute.build();
  }
}
