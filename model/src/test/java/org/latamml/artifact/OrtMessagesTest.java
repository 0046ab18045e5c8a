package org.latamml.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OrtMessagesTest {
  @Test
  void theRuntimesSourceAndFunctionGoAndItsWordsStay() {
    assertThat(
            OrtMessages.withoutSource(
                "Load model from m.onnx failed:/onnxruntime_src/onnxruntime/core/graph/graph.cc:1234"
                    + " onnxruntime::Graph::InitializeStateFromModelFileGraphProto() This is an"
                    + " invalid model. Graph output (y) does not exist in the graph."))
        .isEqualTo(
            "Load model from m.onnx failed:This is an invalid model. Graph output (y) does not"
                + " exist in the graph.");
  }

  @Test
  void aFunctionWhoseParametersHoldParenthesesGoesWhole() {
    assertThat(
            OrtMessages.withoutSource(
                "failed:/onnxruntime_src/onnxruntime/core/graph/model.cc:166"
                    + " onnxruntime::Model::Model(onnx::ModelProto&&, void (*)(int), const"
                    + " onnxruntime::ModelOptions&) ModelProto does not have a graph.\n"))
        .isEqualTo("failed:ModelProto does not have a graph.\n");
  }

  @Test
  void aMessageWithoutTheRuntimesSourceIsLeftAsItIs() {
    assertThat(OrtMessages.withoutSource("Protobuf parsing failed (at byte 3)."))
        .isEqualTo("Protobuf parsing failed (at byte 3).");
  }
}
