package org.latamml.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.latamml.compat.PrototypeResource.Response;
import org.latamml.explanation.Contribution;
import org.latamml.explanation.Explanation;
import org.latamml.prediction.Prediction;
import org.latamml.store.FlightView;
import org.latamml.testing.AppJson;

/** predict-flight's answer is written byte for byte as the records' bean serializers write it. */
class PredictFlightAnswerWriterTest {
  private static final ObjectMapper WRITER = AppJson.mapper();
  private static final ObjectMapper BEAN =
      AppJson.mapper().addMixIn(Response.class, WithoutWriter.class);
  private static final FlightView FLIGHT =
      new FlightView(
          76,
          LocalDateTime.of(2017, 1, 1, 23, 30),
          "226",
          "American Airlines",
          "AAL",
          "I",
          "KMIA",
          "Miami",
          null);

  @JsonSerialize(using = JsonSerializer.None.class)
  private interface WithoutWriter {}

  private static void assertWrittenAsTheBeanWrites(Response answer) throws Exception {
    assertThat(
            new String(WRITER.writeValueAsBytes(answer), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo(
            new String(BEAN.writeValueAsBytes(answer), java.nio.charset.StandardCharsets.UTF_8));
    assertThat(WRITER.writeValueAsBytes(answer)).isEqualTo(BEAN.writeValueAsBytes(answer));
  }

  @Test
  void theBeanSerializerIsWhatTheWriterIsComparedWith() throws Exception {
    assertThat(
            BEAN.writeValueAsString(
                new Response(Prediction.LOW, 0.25, "1.1.0", FLIGHT, null, null)))
        .isEqualTo(
            "{\"Prediction\":\"Low delayed probability\",\"probability\":0.25,"
                + "\"model_version\":\"1.1.0\",\"flight\":{\"id\":76,"
                + "\"scheduled_departure\":\"2017-01-01T23:30:00\",\"flight_number\":\"226\","
                + "\"airline\":\"American Airlines\",\"airline_code\":\"AAL\",\"flight_type\":\"I\","
                + "\"destination\":\"KMIA\",\"destination_city\":\"Miami\","
                + "\"actual_departure\":null}}");
  }

  @Test
  void writesAnswersWithAndWithoutFallbacksExplanationsAndDepartures() throws Exception {
    FlightView departed =
        new FlightView(
            68_206,
            LocalDateTime.of(2017, 12, 31, 23, 55, 7),
            "400",
            "Grupo LATAM",
            "LAN",
            "N",
            "SCFA",
            "Antofagasta",
            LocalDateTime.of(2018, 1, 1, 0, 12));
    Explanation explanation =
        new Explanation(-1.5, -2.0, List.of(new Contribution("month=7", 0.5)));

    assertWrittenAsTheBeanWrites(
        new Response(Prediction.LOW, 0.080_812_3, "2.0.0", FLIGHT, null, null));
    assertWrittenAsTheBeanWrites(
        new Response(Prediction.HIGH, 0.9, "1.1.0", departed, "model 2.0.0 needs more", null));
    assertWrittenAsTheBeanWrites(
        new Response(Prediction.LOW, 1e-9, "1.1.0", departed, "why", explanation));
    assertWrittenAsTheBeanWrites(new Response(null, Double.NaN, null, null, null, explanation));
  }

  @Test
  void escapesTextsAsTheBeanSerializerDoes() throws Exception {
    FlightView odd =
        new FlightView(
            1,
            null,
            "a \"quoted\" number",
            "v\u00e9rsion \u2603",
            null,
            "tab\there",
            "newline\nthere \u0001",
            "past the plane \uD83D\uDE00, half a pair \uD800",
            null);

    assertWrittenAsTheBeanWrites(new Response("a \"label\"", 0.2, "v\u00e9", odd, "\u2028", null));
  }
}
