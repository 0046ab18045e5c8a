package org.latamml.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.URI;
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

/**
 * The packaged service as Cloud Run runs it: one JSON log line per request in Cloud Logging's
 * format, carrying the id returned in {@code X-Request-Id} and no credential; and on SIGTERM it
 * stops and exits by itself.
 */
class LifecycleIT {
  @TempDir Path dir;

  @Test
  void logsOneJsonLinePerRequestAndStopsOnSigterm() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path out = dir.resolve("out.log");
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlatam.home=..",
                "-Dquarkus.profile=local",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.datasource.jdbc.url=jdbc:h2:mem:lifecycle",
                "-jar",
                Path.of("target", "quarkus-app", "quarkus-run.jar").toString())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    try {
      HttpClient client = HttpClient.newHttpClient();
      URI ready = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
      boolean up = false;
      for (int i = 0; i < 300 && !up; i++) {
        try {
          up =
              client
                      .send(
                          HttpRequest.newBuilder(ready).build(),
                          HttpResponse.BodyHandlers.discarding())
                      .statusCode()
                  == 200;
        } catch (java.io.IOException starting) {
          Thread.sleep(100);
        }
      }
      assertThat(up).as("ready within 30 s").isTrue();

      HttpResponse<String> answer =
          client.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + port + "/check-flight?Vlo_l=1"))
                  .header("Authorization", "Bearer do-not-log-me-123")
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      String requestId = answer.headers().firstValue("X-Request-Id").orElseThrow();

      process.toHandle().destroy();
      assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("exits after SIGTERM").isTrue();

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
    } finally {
      process.destroyForcibly();
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
