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
  private static final String SOURCE = "/onnxruntime_src/";
  private static final Pattern CODE = Pattern.compile("Error code - \\w+ - message: ");

  private OrtMessages() {}

  /** The runtime's message, its source location and error code left out. */
  static String of(OrtException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    return CODE.matcher(withoutSource(message)).replaceAll("").strip();
  }

  /**
   * The message without each "/onnxruntime_src/...model.cc:166 onnxruntime::Model::Model(...) ":
   * the path, then the C++ function up to the parenthesis that closes its parameters.
   */
  static String withoutSource(String message) {
    StringBuilder kept = new StringBuilder();
    int from = 0;
    int at;
    while ((at = message.indexOf(SOURCE, from)) >= 0) {
      int open = message.indexOf('(', at);
      int end = open < 0 ? -1 : closing(message, open);
      if (end < 0) {
        break;
      }
      kept.append(message, from, at);
      from = end + 1 < message.length() && message.charAt(end + 1) == ' ' ? end + 2 : end + 1;
    }
    return kept.append(message.substring(from)).toString();
  }

  private static int closing(String text, int open) {
    int depth = 0;
    for (int i = open; i < text.length(); i++) {
      if (text.charAt(i) == '(') {
        depth++;
      } else if (text.charAt(i) == ')' && --depth == 0) {
        return i;
      }
    }
    return -1;
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
