package org.latamml.app;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.latamml.testing.Scrape;

/**
 * What the event-loop routes leave to their resources, so that a request gets the answer the
 * resource would give whichever side takes it, and is timed once under the resource's own path.
 */
@QuarkusTest
class EventLoopRoutesTest {
  private static final String REQUESTS = "http_server_requests_seconds_count";
  private static final String INFER_TEMPLATE = "uri=\"/v2/models/{name}/infer\"";

  @TestHTTPResource("/")
  URI root;

  @Test
  void aCheckCarryingABodyPastTheLimitIsRefusedWith413AsAnyRouteIs() {
    // The check is answered on the event loop at all, or this would prove nothing.
    double answeredHere = Scrape.sum("latam_fast_path_answers_total", "/check-flight");
    given().get("/check-flight?Vlo_l=1").then().statusCode(200);
    assertThat(Scrape.sum("latam_fast_path_answers_total", "/check-flight"))
        .isEqualTo(answeredHere + 1);
    answeredHere += 1;

    given()
        .body("x".repeat(70_000))
        .get("/check-flight?Vlo_l=1")
        .then()
        .statusCode(413)
        .contentType("application/problem+json");

    assertThat(Scrape.sum("latam_fast_path_answers_total", "/check-flight"))
        .isEqualTo(answeredHere);
  }

  @Test
  void aCheckCarryingASmallBodyIsAnsweredAsWithout() {
    given()
        .body("{}")
        .get("/check-flight?Vlo_l=1")
        .then()
        .statusCode(200)
        .body("exists", equalTo(true));
  }

  @Test
  void anExpectationOtherThanContinueIsIgnoredAsTheResourceIgnoresIt() {
    double answeredHere = Scrape.sum("latam_fast_path_answers_total", "/predict-flight\"");
    given()
        .contentType(ContentType.JSON)
        .body("{\"Vlo_l\": \"5\"}")
        .post("/predict-flight")
        .then()
        .statusCode(200);
    assertThat(Scrape.sum("latam_fast_path_answers_total", "/predict-flight\""))
        .as("answered on the event loop without the header")
        .isEqualTo(answeredHere + 1);
    answeredHere += 1;

    given()
        .contentType(ContentType.JSON)
        .header("Expect", "something-else")
        .body("{\"Vlo_l\": \"5\"}")
        .post("/predict-flight")
        .then()
        .statusCode(200)
        .body("flight.id", equalTo(5));

    assertThat(Scrape.sum("latam_fast_path_answers_total", "/predict-flight\""))
        .isEqualTo(answeredHere);
  }

  @Test
  void timesEveryInferenceRequestOnceUnderTheResourcesTemplate() {
    double refused = Scrape.sum(REQUESTS, INFER_TEMPLATE, "status=\"400\"");
    double refusedAnywhere = Scrape.sum(REQUESTS, "/infer\"", "status=\"400\"");
    double unknown = Scrape.sum(REQUESTS, INFER_TEMPLATE, "status=\"404\"");
    double unknownAnywhere = Scrape.sum(REQUESTS, "/infer\"", "status=\"404\"");

    given()
        .contentType(ContentType.JSON)
        .body("{}")
        .post("/v2/models/latam-flight-delay/infer")
        .then()
        .statusCode(400);
    given()
        .contentType(ContentType.JSON)
        .body("{}")
        .post("/v2/models/another-model/infer")
        .then()
        .statusCode(404);

    assertThat(Scrape.sum(REQUESTS, INFER_TEMPLATE, "status=\"400\"")).isEqualTo(refused + 1);
    assertThat(Scrape.sum(REQUESTS, "/infer\"", "status=\"400\"")).isEqualTo(refusedAnywhere + 1);
    assertThat(Scrape.sum(REQUESTS, INFER_TEMPLATE, "status=\"404\"")).isEqualTo(unknown + 1);
    assertThat(Scrape.sum(REQUESTS, "/infer\"", "status=\"404\"")).isEqualTo(unknownAnywhere + 1);
  }

  @Test
  void aRequestOverHttp2GetsTheAnswerItGetsOverHttp11() throws Exception {
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_2)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    // The first request upgrades the connection (h2c): the ones after it are HTTP/2 streams, as
    // from a Java client left at its default.
    HttpResponse<String> check =
        client.send(
            HttpRequest.newBuilder(root.resolve("check-flight?Vlo_l=1")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(check.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(check.statusCode()).isEqualTo(200);

    Map<String, Integer> statuses = new LinkedHashMap<>();
    Map<String, String> types = new LinkedHashMap<>();
    for (String[] call :
        new String[][] {
          {"predict-flight", "{\"Vlo_l\": \"5\"}"},
          {"predict-flight", "{\"Vlo_l\": \"99999999\"}"},
          {"predict-flight", "{\"Vlo_l\": \"abc\"}"},
          {"predict", "{\"flights\": [{\"OPERA\": \"Nope\", \"TIPOVUELO\": \"I\", \"MES\": 3}]}"},
          {"v1/predictions", "{\"flights\": [{\"airline\": \"Grupo LATAM\"}]}"},
          {"v2/models/latam-flight-delay/infer", "{}"}
        }) {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(root.resolve(call[0]))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(call[1]))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
      String key = call[0] + " " + call[1];
      statuses.put(key, response.statusCode());
      types.put(key, response.headers().firstValue("Content-Type").orElse(""));
    }

    assertThat(statuses.values()).containsExactly(200, 404, 422, 400, 422, 400);
    assertThat(types.values())
        .containsExactly(
            "application/json;charset=UTF-8",
            "application/problem+json",
            "application/problem+json",
            "application/problem+json",
            "application/problem+json",
            // The inference protocol's own error shape.
            "application/json");
  }
}
