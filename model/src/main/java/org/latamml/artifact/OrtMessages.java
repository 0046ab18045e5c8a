package org.latamml.artifact;

import ai.onnxruntime.MapInfo;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.SequenceInfo;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.ValueInfo;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * ONNX Runtime's failures and value types in words a model's author reads: without the runtime's
 * source paths, C++ signatures and Java class names, which tell them nothing about their graph.
 */
final class OrtMessages {
  // "/onnxruntime_src/onnxruntime/core/graph/model.cc:166 onnxruntime::Model::Model(...) "
  private static final Pattern SOURCE = Pattern.compile("/onnxruntime_src/\\S+:\\d+ [^\\n]*\\) ");
  private static final Pattern CODE = Pattern.compile("Error code - \\w+ - message: ");

  private OrtMessages() {}

  /** The runtime's message, its source location and error code left out. */
  static String of(OrtException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    return CODE.matcher(SOURCE.matcher(message).replaceAll("")).replaceAll("").strip();
  }

  /** A graph's input or output as its author declared it: {@code float [-1, 93]}, a map, ... */
  static String describe(ValueInfo info) {
    if (info instanceof TensorInfo tensor) {
      return tensor.type.name().toLowerCase(Locale.ROOT) + " " + Arrays.toString(tensor.getShape());
    }
    if (info instanceof SequenceInfo sequence) {
      return sequence.sequenceOfMaps ? "a sequence of maps" : "a sequence";
    }
    if (info instanceof MapInfo) {
      return "a map";
    }
    return "a value of another kind";
  }
}
