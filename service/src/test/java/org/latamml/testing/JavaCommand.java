package org.latamml.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The start of a command that runs a JVM as this test's own: its java, and its ONNX Runtime. */
public final class JavaCommand {
  private static final String NATIVE_PATH = "onnxruntime.native.path";
  // What the build passes for the JVMs started here (the pom says why not for this one).
  private static final String UNPACKED = "test.onnxruntime.native.path";

  private JavaCommand() {}

  /**
   * This JVM's {@code java}, and where the build unpacked ONNX Runtime's libraries when it did, so
   * that the JVM started loads them from there rather than copying them into {@code /tmp}.
   */
  public static List<String> start() {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String natives = System.getProperty(UNPACKED);
    if (natives != null && !natives.isBlank()) {
      command.add("-D" + NATIVE_PATH + "=" + natives);
    }
    return command;
  }
}
