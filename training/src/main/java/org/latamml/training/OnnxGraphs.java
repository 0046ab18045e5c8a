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
import org.latamml.artifact.IsotonicSegments;
import org.latamml.artifact.OnnxSignature;
import org.latamml.calibration.Calibrator;
import org.latamml.calibration.IsotonicCalibration;
import org.latamml.calibration.PlattScaling;
import org.latamml.calibration.Uncalibrated;

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

  /** {@code probability = calibrated(features · weights + bias)}. */
  static byte[] logistic(float[] weights, float bias, String version, Calibrator calibrator) {
    int width = weights.length;
    GraphProto.Builder graph =
        GraphProto.newBuilder()
            .setName("logistic_regression")
            .addInput(floatInput(width))
            .addOutput(floatOutput())
            .addInitializer(floats("weights", List.of((long) width, 1L), weights))
            .addInitializer(floats("bias", List.of(1L), new float[] {bias}))
            .addNode(node("MatMul", List.of(INPUT, "weights"), "product"))
            .addNode(node("Add", List.of("product", "bias"), "logit"));
    calibrate(graph, "logit", calibrator);
    return model(graph.build(), version, false);
  }

  /**
   * Appends the nodes that turn log-odds into the graph's output probability: a sigmoid, Platt's
   * {@code sigmoid(slope · z + intercept)}, or isotonic regression's clipped linear interpolation
   * between its points (the segment found by counting the points below z).
   */
  private static void calibrate(GraphProto.Builder graph, String logOdds, Calibrator calibrator) {
    switch (calibrator) {
      case Uncalibrated none -> graph.addNode(node("Sigmoid", List.of(logOdds), OUTPUT));
      case PlattScaling platt ->
          graph
              .addInitializer(
                  floats("platt_slope", List.of(1L), new float[] {(float) platt.slope()}))
              .addInitializer(
                  floats("platt_intercept", List.of(1L), new float[] {(float) platt.intercept()}))
              .addNode(node("Mul", List.of(logOdds, "platt_slope"), "platt_scaled"))
              .addNode(node("Add", List.of("platt_scaled", "platt_intercept"), "platt_logit"))
              .addNode(node("Sigmoid", List.of("platt_logit"), OUTPUT));
      case IsotonicCalibration isotonic -> isotonic(graph, logOdds, isotonic);
    }
  }

  private static void isotonic(
      GraphProto.Builder graph, String logOdds, IsotonicCalibration isotonic) {
    IsotonicSegments segments = IsotonicSegments.of(isotonic.logOdds(), isotonic.probabilities());
    int count = segments.lowX().length;
    graph
        .addInitializer(floats("iso_min", List.of(), new float[] {segments.min()}))
        .addInitializer(floats("iso_max", List.of(), new float[] {segments.max()}))
        .addInitializer(floats("iso_upper_x", List.of((long) count), segments.upperX()))
        .addInitializer(floats("iso_low_x", List.of((long) count), segments.lowX()))
        .addInitializer(floats("iso_low_y", List.of((long) count), segments.lowY()))
        .addInitializer(floats("iso_slope", List.of((long) count), segments.slopes()))
        .addInitializer(longs("iso_axis", new long[] {1}))
        .addNode(node("Clip", List.of(logOdds, "iso_min", "iso_max"), "iso_z"))
        .addNode(node("Less", List.of("iso_upper_x", "iso_z"), "iso_below"))
        .addNode(cast("iso_below", "iso_below_f", TensorProto.DataType.FLOAT))
        .addNode(
            node("ReduceSum", List.of("iso_below_f", "iso_axis"), "iso_count").toBuilder()
                .addAttribute(
                    AttributeProto.newBuilder()
                        .setName("keepdims")
                        .setType(AttributeProto.AttributeType.INT)
                        .setI(1))
                .build())
        .addNode(cast("iso_count", "iso_segment", TensorProto.DataType.INT64))
        .addNode(node("Gather", List.of("iso_low_x", "iso_segment"), "iso_x0"))
        .addNode(node("Gather", List.of("iso_low_y", "iso_segment"), "iso_y0"))
        .addNode(node("Gather", List.of("iso_slope", "iso_segment"), "iso_k"))
        .addNode(node("Sub", List.of("iso_z", "iso_x0"), "iso_dx"))
        .addNode(node("Mul", List.of("iso_k", "iso_dx"), "iso_dy"))
        .addNode(node("Add", List.of("iso_y0", "iso_dy"), OUTPUT));
  }

  private static NodeProto cast(String input, String output, TensorProto.DataType to) {
    return node("Cast", List.of(input), output).toBuilder()
        .addAttribute(
            AttributeProto.newBuilder()
                .setName("to")
                .setType(AttributeProto.AttributeType.INT)
                .setI(to.getNumber()))
        .build();
  }

  private static TensorProto longs(String name, long[] values) {
    TensorProto.Builder tensor =
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(TensorProto.DataType.INT64.getNumber())
            .addDims(values.length);
    for (long value : values) {
      tensor.addInt64Data(value);
    }
    return tensor.build();
  }

  /** {@code probability = calibrated(base + sum of the trees' leaves)}, for boosted trees. */
  static byte[] boostedTrees(TreeEnsemble trees, int width, String version, Calibrator calibrator) {
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
    GraphProto.Builder graph =
        GraphProto.newBuilder()
            .setName("boosted_trees")
            .addInput(floatInput(width))
            .addOutput(floatOutput())
            .addNode(ensemble);
    calibrate(graph, "margin", calibrator);
    return model(graph.build(), version, true);
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

  /** An attribute of ints; also the tests' graphs'. */
  static AttributeProto ints(String name, long[] values) {
    AttributeProto.Builder attribute =
        AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (long value : values) {
      attribute.addInts(value);
    }
    return attribute.build();
  }

  /** An attribute of floats; also the tests' graphs'. */
  static AttributeProto floatList(String name, float[] values) {
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
