package org.latamml.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.latamml.explanation.Contribution;
import org.latamml.explanation.Explanation;
import org.latamml.prediction.BatchPredictionResource.Answer;
import org.latamml.prediction.BatchPredictionResource.Response;

/** A batch's answers are written byte for byte as the record's own bean serializer writes them. */
class AnswerWriterTest {
  private static final ObjectMapper WRITER = new ObjectMapper();
  private static final ObjectMapper BEAN =
      new ObjectMapper().addMixIn(Answer.class, WithoutWriter.class);

  @JsonSerialize(using = JsonSerializer.None.class)
  private interface WithoutWriter {}

  private static void assertWrittenAsTheBeanWrites(List<Answer> answers) throws Exception {
    Response response = new Response(answers);
    // Bytes, as the routes write them: the byte generator escapes apart from the character one.
    assertThat(WRITER.writeValueAsBytes(response)).isEqualTo(BEAN.writeValueAsBytes(response));
  }

  @Test
  void theBeanSerializerIsWhatTheWriterIsComparedWith() throws Exception {
    Answer answer = new Answer(0.25, false, Prediction.LOW, "1.1.0", null, null);
    assertThat(BEAN.writeValueAsString(answer))
        .isEqualTo(
            "{\"probability\":0.25,\"delayed\":false,\"label\":\"Low delayed probability\","
                + "\"model_version\":\"1.1.0\"}");
  }

  @Test
  void writesAnswersWithAndWithoutFallbacksAndExplanations() throws Exception {
    String reason = "model 2.0.0 needs the flight's number";
    Explanation explanation =
        new Explanation(-1.5, -2.0, List.of(new Contribution("month=7", 0.5)));
    assertWrittenAsTheBeanWrites(
        List.of(
            new Answer(0.080_812_3, false, Prediction.LOW, "2.0.0", null, null),
            new Answer(0.9, true, Prediction.HIGH, "1.1.0", reason, null),
            new Answer(1e-9, false, Prediction.LOW, "1.1.0", reason, explanation),
            new Answer(0.5, true, Prediction.HIGH, "2.0.0", null, explanation),
            new Answer(Double.NaN, false, null, null, null, null)));
  }

  @Test
  void equalTextsThatAreNotTheSameInstanceAreEachWrittenAsThemselves() throws Exception {
    // The writer keeps the last text by identity: a new instance, equal or not, is encoded anew.
    List<Answer> answers = new ArrayList<>();
    for (String version : List.of("1.1.0", "2.0.0", new String("2.0.0"), "1.1.0")) {
      answers.add(new Answer(0.3, false, Prediction.LOW, version, "why " + version, null));
    }
    assertWrittenAsTheBeanWrites(answers);
    Answer other = new Answer(0.3, false, Prediction.LOW, "3.0.0", "another reason", null);
    assertThat(WRITER.writeValueAsString(other)).contains("\"3.0.0\"", "\"another reason\"");
  }

  @Test
  void escapesTextsAsTheBeanSerializerDoes() throws Exception {
    assertWrittenAsTheBeanWrites(
        List.of(
            new Answer(
                0.1,
                false,
                "a \"quoted\" label",
                "v\u00e9rsion \u2603",
                "tab\there, newline\nthere, \u0001",
                null),
            new Answer(0.2, false, Prediction.LOW, "1.1.0", "past the plane \uD83D\uDE00", null),
            new Answer(0.2, false, Prediction.LOW, "1.1.0", "half a pair \uD800", null)));
  }
}
