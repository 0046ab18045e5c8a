package org.latamml.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The app's mapper reads local times exactly as Jackson's own module does, faster or not. */
class FastJsonTest {
  private static final ObjectMapper JACKSON =
      new ObjectMapper().registerModule(new JavaTimeModule());
  private static final ObjectMapper FAST = fast();

  private static ObjectMapper fast() {
    ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule());
    new FastJson().customize(mapper);
    return mapper;
  }

  /** What a mapper makes of a JSON value: the time, or the first line of its refusal. */
  private static String read(ObjectMapper mapper, String json) {
    try {
      return String.valueOf(mapper.readValue(json, LocalDateTime.class));
    } catch (Exception e) {
      return "refused: " + e.getMessage().lines().findFirst().orElse("");
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"2017-03-01T10:00:00\"",
        "\"2017-12-31T23:59:59\"",
        "\"2016-02-29T00:00:00\"",
        "\"2017-02-29T10:00:00\"",
        "\"2017-13-01T10:00:00\"",
        "\"2017-04-31T10:00:00\"",
        "\"2017-03-01T24:00:00\"",
        "\"2017-03-01T10:60:00\"",
        "\"2017-03-01T10:00:60\"",
        "\"2017-03-01T10:00\"",
        "\"2017-03-01T10:00:00.5\"",
        "\"2017-03-01 10:00:00\"",
        "\"2017-03-01t10:00:00\"",
        "\"2017-3-01T10:00:000\"",
        "\"+2017-03-01T10:00:0\"",
        "\"2017-03-01T1a:00:00\"",
        "\"0000-01-01T00:00:00\"",
        "\"2017-03-01T10:00:00Z\"",
        "\"\"",
        "\"yesterday\"",
        "20170301",
        "[2017, 3, 1, 10, 0]",
        "null"
      })
  void readsEveryTextAsJacksonDoes(String json) {
    assertThat(read(FAST, json)).isEqualTo(read(JACKSON, json));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2017-03-01T10:00:00", "1999-11-30T05:07:09"})
  void readsThePlainFormWithoutJacksonsFormatter(String text) {
    assertThat(FastJson.PlainLocalTimes.plain(text)).isEqualTo(LocalDateTime.parse(text));
    assertThat(List.of("2017-02-29T10:00:00", "2017-03-01T10:00", "2017-03-01T1a:00:00"))
        .allSatisfy(other -> assertThat(FastJson.PlainLocalTimes.plain(other)).isNull());
  }
}
