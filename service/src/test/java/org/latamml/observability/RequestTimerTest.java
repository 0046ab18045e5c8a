package org.latamml.observability;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.latamml.testing.Scrape;

/**
 * Every route timed once into {@code http_server_requests_seconds}, under its template where it has
 * one, as Quarkus's binder named them where it has none; Quarkus's own endpoints untimed.
 */
@QuarkusTest
class RequestTimerTest {
  private static final String REQUESTS = "http_server_requests_seconds_count";

  private static double count(String uri, Object status) {
    return Scrape.sum(REQUESTS, "uri=\"" + uri + "\"", "status=\"" + status + "\"");
  }

  @Test
  void timesAResourceUnderItsTemplateWhateverItAnswers() {
    double found = count("/v1/models/{version}", 200);
    double missing = count("/v1/models/{version}", 404);

    given().get("/v1/models/1.1.0").then().statusCode(200);
    given().get("/v1/models/9.9.9").then().statusCode(404);

    assertThat(count("/v1/models/{version}", 200)).isEqualTo(found + 1);
    assertThat(count("/v1/models/{version}", 404)).isEqualTo(missing + 1);
  }

  @Test
  void timesAPathNoRouteTakesAsNotFoundAndTheRootAsRoot() {
    double notFound = count("NOT_FOUND", 404);
    double root = Scrape.sum(REQUESTS, "uri=\"root\"");

    given().get("/nothing/here/" + System.nanoTime()).then().statusCode(404);
    given().redirects().follow(false).get("/");

    assertThat(count("NOT_FOUND", 404)).isEqualTo(notFound + 1);
    assertThat(Scrape.sum(REQUESTS, "uri=\"root\"")).isEqualTo(root + 1);
    assertThat(Scrape.sum(REQUESTS, "/nothing/here")).isZero();
  }

  @Test
  void timesARequestRefusedBeforeAnyRouteAsUnknownNotUnderItsPath() {
    double unknown = count("UNKNOWN", 413);
    String madeUp = "/v1/rollout/made-up-" + System.nanoTime();

    given()
        .contentType(ContentType.JSON)
        .body("{\"x\": \"" + "a".repeat(100_000) + "\"}")
        .post(madeUp)
        .then()
        .statusCode(413);

    assertThat(count("UNKNOWN", 413)).isEqualTo(unknown + 1);
    assertThat(Scrape.sum(REQUESTS, "made-up-")).isZero();
  }

  @Test
  void timesAnOptionsToAMadeUpPathAsUnknownNotUnderItsPath() {
    double unknown = Scrape.sum(REQUESTS, "method=\"OPTIONS\"", "uri=\"UNKNOWN\"");

    given().options("/made-up-" + System.nanoTime());

    assertThat(Scrape.sum(REQUESTS, "method=\"OPTIONS\"", "uri=\"UNKNOWN\""))
        .isEqualTo(unknown + 1);
    assertThat(Scrape.sum(REQUESTS, "made-up-")).isZero();
  }

  @Test
  void timesARequestClosedBeforeItsAnswerAsResetUnderItsRoute() throws Exception {
    double reset = count("/predict-flight", "RESET");

    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), RestAssured.port)) {
      String head =
          "POST /predict-flight HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000\r\n\r\n";
      socket.getOutputStream().write((head + "{").getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (count("/predict-flight", "RESET") == reset && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }

    assertThat(count("/predict-flight", "RESET")).isEqualTo(reset + 1);
  }

  @Test
  void timesAPathBelowAPrefixRouteUnderTheRouteNotThePath() {
    double metrics = count("/metrics", 200);
    String madeUp = "/metrics/made-up-" + System.nanoTime();

    given().get(madeUp).then().statusCode(200);

    assertThat(count("/metrics", 200)).isGreaterThanOrEqualTo(metrics + 1);
    assertThat(Scrape.sum(REQUESTS, "made-up-")).isZero();
  }

  @Test
  void labelsAMethodACallerMadeUpAsOther() {
    String method = "FROB" + System.nanoTime();
    double other = Scrape.sum(REQUESTS, "method=\"OTHER\"");

    given().request(method, "/check-flight");

    assertThat(Scrape.sum(REQUESTS, "method=\"OTHER\"")).isEqualTo(other + 1);
    assertThat(Scrape.sum(REQUESTS, method)).isZero();
  }

  @Test
  void timesAnEventLoopRouteOnceUnderItsPathWithOrWithoutATrailingSlash() {
    double before = count("/check-flight", 200);

    given().get("/check-flight?Vlo_l=5").then().statusCode(200);
    given().get("/check-flight/?Vlo_l=5").then().statusCode(200);
    given()
        .contentType(ContentType.JSON)
        .body("{\"Vlo_l\": \"5\"}")
        .post("/check-flight")
        .then()
        .statusCode(405);

    assertThat(count("/check-flight", 200)).isEqualTo(before + 2);
    assertThat(Scrape.sum(REQUESTS, "uri=\"/check-flight/\"")).isZero();
    assertThat(Scrape.sum(REQUESTS, "method=\"POST\"", "uri=\"/check-flight\"", "status=\"405\""))
        .isPositive();
  }

  @Test
  void timesARequestRoutedAgainOnceUnderThePathItCameWith() {
    double docs = count("/docs", 200);

    given().get("/docs/").then().statusCode(200);

    assertThat(count("/docs", 200)).isEqualTo(docs + 1);
    assertThat(Scrape.sum(REQUESTS, "uri=\"/docs/index.html\"")).isZero();
  }

  @Test
  void leavesQuarkusOwnEndpointsUntimed() {
    given().get("/q/health/ready").then().statusCode(200);

    assertThat(Scrape.sum(REQUESTS, "uri=\"/q/")).isZero();
  }

  @Test
  void countsTheRequestsInFlightTheScrapeAmongThem() {
    assertThat(Scrape.sum("http_server_active_requests")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void labelsAPathWithOneSlashBetweenSegmentsAndNoneAtTheEnd() {
    assertThat(RequestTimer.labelPath("//v1//rollout/")).isEqualTo("/v1/rollout");
    assertThat(RequestTimer.labelPath("/console/")).isEqualTo("/console");
    assertThat(RequestTimer.labelPath("/")).isEqualTo("/");
  }
}
