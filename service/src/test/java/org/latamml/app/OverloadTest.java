package org.latamml.app;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.latamml.testing.Scrape;

/**
 * A load test, bounded in count and time: with two requests allowed in flight, a burst of 64
 * concurrent batch calls is partly shed with 503 and {@code Retry-After}, nothing else fails, and
 * the service answers at once when the burst is over.
 */
@QuarkusTest
@TestProfile(OverloadTest.TwoInFlight.class)
class OverloadTest {
  /**
   * The test service with room for two requests in flight, its routes answered by their resources:
   * an answer on the event loop (EventLoopRoutes) reads and answers a batch in one turn, so the
   * requests in flight there never outnumber the event loops; the bound is for requests that wait
   * (the JAX-RS pipeline, the store), which this test piles up.
   */
  public static final class TwoInFlight implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("latam.max-in-flight", "2", "latam.fast-path", "false");
    }
  }

  @TestHTTPResource("/v1/predictions")
  URI predictions;

  private static String batch() {
    StringBuilder body = new StringBuilder("{\"flights\": [");
    for (int i = 0; i < 1_000; i++) {
      body.append(i == 0 ? "" : ",")
          .append("{\"airline\":\"Grupo LATAM\",\"flight_type\":\"I\",")
          .append("\"scheduled_departure\":\"2017-07-14T19:00:00\"}");
    }
    return body.append("]}").toString();
  }

  @Test
  void burstBeyondTheBoundIsShedWith503AndServiceRecoversAtOnce() {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest request =
        HttpRequest.newBuilder(predictions)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(batch()))
            .build();
    List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      burst.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
    }
    List<HttpResponse<String>> responses = burst.stream().map(CompletableFuture::join).toList();

    List<HttpResponse<String>> shed =
        responses.stream().filter(r -> r.statusCode() == 503).toList();
    assertThat(shed).as("requests shed").isNotEmpty();
    assertThat(responses).allMatch(r -> r.statusCode() == 200 || r.statusCode() == 503);
    assertThat(shed).allMatch(r -> r.headers().firstValue("Retry-After").isPresent());
    assertThat(shed.get(0).body()).contains("\"status\":503");

    given()
        .contentType("application/json")
        .body(batch())
        .post("/v1/predictions")
        .then()
        .statusCode(200);
    double counted = Scrape.sum("latam_shed_requests_total");
    assertThat(counted).isEqualTo(shed.size());
  }
}
