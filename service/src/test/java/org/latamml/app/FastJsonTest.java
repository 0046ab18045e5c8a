package org.latamml.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.std.BeanSerializerBase;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The app's mapper reads and writes local times exactly as Jackson's own module does. */
class FastJsonTest {
  private static final ObjectMapper JACKSON =
      new ObjectMapper().registerModule(new JavaTimeModule());
  private static final ObjectMapper FAST = fast();

  // Times written as text, as Quarkus configures its mapper (Jackson's own default is numbers).
  private static final ObjectMapper JACKSON_TEXT =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
  private static final ObjectMapper FAST_TEXT =
      fast().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

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
        "\"2017-03-01 10:00:00\"",
        "\"2017-03-01t10:00:00\"",
        "\"2017-3-01T10:00:000\"",
        "\"+2017-03-01T10:00:0\"",
        "\"2017-03-01T1a:00:00\"",
        "\"0000-01-01T00:00:00\"",
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
  @ValueSource(strings = {"\"2017-03-01T10:00:00.5\"", "\"2017-03-01T10:00:00.999999999\""})
  void readsATimeWithFractionsOfASecondToItsSecondAsEveryTimeIsWritten(String json) {
    assertThat(read(JACKSON, json)).contains(".");
    assertThat(read(FAST, json)).isEqualTo("2017-03-01T10:00");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"\"2017-03-01T10:00:00Z\"", "\"2017-03-01T10:00Z\"", "\"2017-03-01T10:00:00.5Z\""})
  void refusesATimeEndingInZWhichJacksonReadsAsTheSameLocalTime(String json) {
    assertThat(read(JACKSON, json)).doesNotStartWith("refused");
    assertThat(read(FAST, json)).startsWith("refused").contains("carries no zone");
  }

  @ParameterizedTest
  @ValueSource(strings = {"2017-03-01T10:00:00", "1999-11-30T05:07:09"})
  void readsThePlainFormWithoutJacksonsFormatter(String text) {
    assertThat(FastJson.PlainLocalTimes.plain(text)).isEqualTo(LocalDateTime.parse(text));
    assertThat(List.of("2017-02-29T10:00:00", "2017-03-01T10:00", "2017-03-01T1a:00:00"))
        .allSatisfy(other -> assertThat(FastJson.PlainLocalTimes.plain(other)).isNull());
  }

  /** A record naming a local time in each way a property can ask for one. */
  record Times(
      LocalDateTime plain,
      @JsonFormat(pattern = "dd/MM/yyyy HH:mm") LocalDateTime patterned,
      @JsonFormat(shape = JsonFormat.Shape.NUMBER) LocalDateTime numbers,
      @JsonFormat(shape = JsonFormat.Shape.STRING) LocalDateTime text,
      List<LocalDateTime> several,
      Map<String, LocalDateTime> named) {
    static Times all(LocalDateTime time) {
      return new Times(time, time, time, time, List.of(time, time), Map.of("at", time));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2017-03-01T10:00:00",
        "2017-03-01T10:00",
        "2017-12-31T23:59:59",
        "0000-01-01T00:00:00",
        "0999-09-09T09:09:09",
        "9999-12-31T23:59:59",
        "+10000-01-01T00:00:00",
        "-0001-12-31T23:59:59",
        "2017-03-01T10:00:00.5",
        "2017-03-01T10:00:00.000000001",
        "2017-03-01T00:00:00.120"
      })
  void writesEveryTimeAsJacksonDoesWhateverThePropertyAsks(String text) throws Exception {
    Times times = Times.all(LocalDateTime.parse(text));

    String written = FAST_TEXT.writeValueAsString(times);

    assertThat(written).isEqualTo(JACKSON_TEXT.writeValueAsString(times));
    assertThat(FAST_TEXT.readValue(written, Times.class).plain())
        .isEqualTo(times.plain().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
  }

  @Test
  void writesTimesAsNumbersWhenTheMapperDoes() throws Exception {
    Times times = Times.all(LocalDateTime.parse("2017-03-01T10:00:00"));

    assertThat(FAST.writeValueAsString(times))
        .isEqualTo(JACKSON.writeValueAsString(times))
        .contains("\"plain\":[2017,3,1,10,0]");
  }

  @Test
  void everyPropertyOfAPlainTimeKeepsThePlainWriter() throws Exception {
    // Jackson makes each property its own serializer from the mapper's (createContextual): the
    // output alone would not show that one of them fell back to Jackson's formatter.
    var times =
        (BeanSerializerBase)
            FAST_TEXT
                .getSerializerProviderInstance()
                .findTypedValueSerializer(Times.class, true, null);
    List<String> plainWriters = new java.util.ArrayList<>();
    Iterable<com.fasterxml.jackson.databind.ser.PropertyWriter> properties = times::properties;
    for (var property : properties) {
      Object serializer = ((BeanPropertyWriter) property).getSerializer();
      if (serializer instanceof FastJson.PlainLocalTimeWriter) {
        plainWriters.add(property.getName());
      }
    }

    assertThat(plainWriters).containsExactlyInAnyOrder("plain", "patterned", "numbers", "text");
  }
}
