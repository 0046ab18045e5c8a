package org.latamml.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.latamml.testing.AppJson;

/**
 * The plain reader of batch bodies reads what the app's mapper reads, the same, or hands the body
 * back (null) for the mapper to read and refuse with its own messages.
 */
class PlainBatchReaderTest {
  private static final ObjectMapper MAPPER = AppJson.mapper();
  private static final ObjectReader REQUESTS =
      MAPPER
          .readerFor(BatchPredictionResource.Request.class)
          .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final PlainBatchReader PLAIN = new PlainBatchReader(MAPPER.getFactory());

  private static final String FLIGHT =
      "{\"airline\": \"Grupo LATAM\", \"flight_type\": \"I\","
          + " \"scheduled_departure\": \"2017-03-01T10:00:00\", \"destination\": \"SAEZ\","
          + " \"flight_number\": \"226\"}";

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"flights\": [" + FLIGHT + "]}",
        "{\"flights\": [" + FLIGHT + ", " + FLIGHT + "]}",
        "{\"flights\": []}",
        "  {\"flights\":[{\"airline\":\"Sky Airline\",\"flight_type\":\"N\","
            + "\"scheduled_departure\":\"2017-12-31T23:59:59\"}]}\n",
        "{\"flights\": [{\"airline\": null, \"flight_type\": null, \"scheduled_departure\": null,"
            + " \"destination\": null, \"flight_number\": null}]}",
        "{\"flights\": [{}]}",
        "{\"flights\": [{\"airline\": \"Gr\\u00fcpo \\\"LATAM\\\"\", \"flight_type\": \"X\","
            + " \"scheduled_departure\": \"2017-03-01T10:00:00\", \"destination\": \"\"}]}",
        "{\"flights\": [{\"airline\": \" spaced \", \"flight_type\": \"I\","
            + " \"scheduled_departure\": \"2017-03-01T10:00:00\", \"destination\": \"\\t\"}]}"
      })
  void readsCommonBodiesAsTheMapperReadsThem(String body) throws Exception {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    assertThat(PLAIN.read(bytes)).isNotNull().isEqualTo(REQUESTS.readValue(bytes));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"flights\": [" + FLIGHT + "], \"flights\": []}",
        "{\"flights\": [{\"airline\": \"A\", \"airline\": \"B\"}]}",
        "{\"flights\": [{\"airline\": 7}]}",
        "{\"flights\": [{\"airline\": [\"A\"]}]}",
        "{\"flights\": [{\"airline\": \"A\", \"seats\": 180}]}",
        "{\"flights\": [{\"scheduled_departure\": \"2017-03-01T10:00\"}]}",
        "{\"flights\": [{\"scheduled_departure\": \"2017-03-01T10:00:00.5\"}]}",
        "{\"flights\": [{\"scheduled_departure\": \"2017-02-30T10:00:00\"}]}",
        "{\"flights\": [{\"scheduled_departure\": \"\"}]}",
        "{\"flights\": [null]}",
        "{\"flights\": [[]]}",
        "{\"flights\": null}",
        "{\"flights\": {}}",
        "{\"other\": 1, \"flights\": []}",
        "{\"flights\": []} []",
        "{\"flights\": []",
        "{\"flights\": [" + FLIGHT + ",]}",
        "[]",
        "",
        "null"
      })
  void handsEveryOtherBodyToTheMapper(String body) {
    assertThat(PLAIN.read(body.getBytes(StandardCharsets.UTF_8))).isNull();
  }
}
