package org.latamml.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latamml.testing.PackagedService;

/**
 * The packaged service as Cloud Run runs it: one JSON log line per request in Cloud Logging's
 * format, carrying the id returned in {@code X-Request-Id} and no credential; and on SIGTERM it
 * stops and exits by itself.
 */
class LifecycleIT {
  @TempDir Path dir;

  @Test
  void logsOneJsonLinePerRequestAndStopsOnSigterm() throws Exception {
    Path out = dir.resolve("out.log");
    try (PackagedService service =
        PackagedService.start(
            out,
            List.of(
                "quarkus.profile=local", "quarkus.datasource.jdbc.url=jdbc:h2:mem:lifecycle"))) {
      HttpResponse<String> answer =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(service.uri("/check-flight?Vlo_l=1"))
                      .header("Authorization", "Bearer do-not-log-me-123")
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      String requestId = answer.headers().firstValue("X-Request-Id").orElseThrow();

      service.process().toHandle().destroy();
      assertThat(service.process().waitFor(20, TimeUnit.SECONDS))
          .as("exits after SIGTERM")
          .isTrue();

      List<String> lines = Files.readAllLines(out);
      assertThat(lines).anyMatch(line -> line.contains("stopped in"));
      assertThat(String.join("\n", lines)).doesNotContain("do-not-log-me-123");
      JsonNode logged =
          lines.stream()
              .filter(line -> line.startsWith("{") && line.contains(requestId))
              .map(LifecycleIT::json)
              .findFirst()
              .orElseThrow(
                  () -> new AssertionError("no JSON log line for " + requestId + " in " + lines));
      assertThat(logged.path("severity").asText()).isEqualTo("INFO");
      assertThat(logged.path("httpRequest").path("requestMethod").asText()).isEqualTo("GET");
      assertThat(logged.path("httpRequest").path("requestUrl").asText()).isEqualTo("/check-flight");
      assertThat(logged.path("httpRequest").path("status").asInt()).isEqualTo(200);
      assertThat(logged.path("httpRequest").path("latency").asText()).matches("\\d+\\.\\d{6}s");
    }
  }

  private static JsonNode json(String line) {
    try {
      return new ObjectMapper().readTree(line);
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + line, e);
    }
  }
}
