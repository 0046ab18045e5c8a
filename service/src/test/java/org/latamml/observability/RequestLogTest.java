package org.latamml.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestLogTest {

  @Test
  void escapedPathsStayOneValidJsonString() throws Exception {
    String path = "/v1/flights/\"quoted\"\\back\nline\u0001";

    String json = "{\"p\":\"" + RequestLog.escape(path) + "\"}";

    assertThat(new ObjectMapper().readTree(json).path("p").asText()).isEqualTo(path);
    assertThat(RequestLog.escape("/predict-flight")).isSameAs("/predict-flight");
  }

  @Test
  void requestIdsAre128BitHexAndDoNotRepeat() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      ids.add(RequestLog.newId());
    }

    assertThat(ids).hasSize(10_000).allMatch(id -> id.matches("[0-9a-f]{32}"));
  }

  @Test
  void aProbesNotReadyIsAWarningAndEveryOther5xxAnError() {
    assertThat(RequestLog.severity(503, "/q/health/ready")).isEqualTo("WARNING");
    assertThat(RequestLog.severity(503, "/v2/models/flight-delay/versions/1.1.0/ready"))
        .isEqualTo("WARNING");
    assertThat(RequestLog.severity(503, "/v2/health/ready")).isEqualTo("WARNING");
    assertThat(RequestLog.severity(503, "/predict-flight")).isEqualTo("ERROR");
    assertThat(RequestLog.severity(503, "/v1/flights/ready")).isEqualTo("ERROR");
    assertThat(RequestLog.severity(500, "/q/health/ready")).isEqualTo("ERROR");
    assertThat(RequestLog.severity(404, "/v1/flights/9")).isEqualTo("WARNING");
    assertThat(RequestLog.severity(200, "/q/health/ready")).isEqualTo("INFO");
  }
}
