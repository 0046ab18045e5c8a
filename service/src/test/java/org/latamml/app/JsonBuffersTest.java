package org.latamml.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonBuffersTest {
  private final ObjectWriter writer = new ObjectMapper().writer();

  @Test
  void writesASmallValueAsJacksonDoes() throws IOException {
    Map<String, Object> answer = Map.of("Prediction", "Low delayed probability", "ok", true);

    assertThat(JsonBuffers.write(writer, answer).getBytes())
        .isEqualTo(writer.writeValueAsBytes(answer));
  }

  @Test
  void writesAValueLongerThanJacksonsBufferWhole() throws IOException {
    // Some 30,000 bytes of text, past the 8,000 Jackson writes at a time, with characters of
    // two and three bytes.
    List<String> answers = Collections.nCopies(1_500, "ñandú → Ñuñoa");

    byte[] written = JsonBuffers.write(writer, answers).getBytes();

    assertThat(written.length).isGreaterThan(30_000);
    assertThat(written).isEqualTo(writer.writeValueAsBytes(answers));
    assertThat(new String(written, StandardCharsets.UTF_8)).startsWith("[\"ñandú → Ñuñoa\",");
  }

  @Test
  void writesNullAsJson() throws IOException {
    assertThat(JsonBuffers.write(writer, null).toString()).isEqualTo("null");
  }
}
