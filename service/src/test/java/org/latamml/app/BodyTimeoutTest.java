package org.latamml.app;

import static io.restassured.RestAssured.given;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.StreamResetException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.latamml.testing.LoggedErrors;
import org.latamml.testing.Scrape;

/**
 * A request whose body stalls holds its in-flight permit only until {@code latam.body-timeout}: it
 * is then answered 408 and its connection closed, and the permit serves the next caller; a body
 * that arrives in time is answered, however slowly it came.
 */
@QuarkusTest
@TestProfile(BodyTimeoutTest.OnePermitOneSecond.class)
class BodyTimeoutTest {
  /**
   * One request in flight, three seconds for a body to arrive, and a worker reading one waits five
   * for its next bytes.
   */
  public static final class OnePermitOneSecond implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "latam.max-in-flight", "1",
          "latam.body-timeout", "3s",
          "quarkus.http.read-timeout", "5s");
    }
  }

  /** The threads still waiting for a request's body in Quarkus REST's blocking read. */
  private static long threadsWaitingForABody() {
    return Thread.getAllStackTraces().values().stream()
        .filter(stack ->
            java.util.Arrays.stream(stack)
                .anyMatch(frame ->
                    frame.getClassName().endsWith("VertxBlockingInput")
                        && frame.getMethodName().equals("readBlocking")))
        .count();
  }

  private static final String FLIGHT =
      "{\"flights\":[{\"airline\":\"Grupo LATAM\",\"flight_type\":\"I\","
          + "\"scheduled_departure\":\"2017-07-14T19:00:00\"}]}";

  private static Socket open() throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), RestAssured.port);
    socket.setSoTimeout(10_000);
    return socket;
  }

  private static void send(Socket socket, String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    socket.getOutputStream().flush();
  }

  private static String head(String path, int length) {
    return "POST "
        + path
        + " HTTP/1.1\r\nHost: localhost\r\n"
        + "Content-Type: application/json\r\nContent-Length: "
        + length
        + "\r\n\r\n";
  }

  /**
   * The statuses of requests sent one after another until one is shed (at most for two seconds):
   * the stalled request's headers may reach the service after the first of them.
   */
  private static List<Integer> statusesUntilShed() {
    List<Integer> statuses = new ArrayList<>();
    long until = System.nanoTime() + 2_000_000_000L;
    do {
      statuses.add(
          given()
              .contentType("application/json")
              .body(FLIGHT)
              .post("/v1/predictions")
              .statusCode());
    } while (statuses.getLast() != 503 && System.nanoTime() < until);
    return statuses;
  }

  /** Everything the server sends until it closes the connection. */
  private static String readToClose(Socket socket) throws IOException {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    InputStream in = socket.getInputStream();
    byte[] chunk = new byte[4096];
    for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
      received.write(chunk, 0, n);
    }
    return received.toString(StandardCharsets.UTF_8);
  }

  // The batch route's body is read on the event loop, the flights' by Quarkus REST.
  @ParameterizedTest
  @ValueSource(strings = {"/v1/predictions", "/v1/flights"})
  void stalledBodyIsAnswered408AndItsPermitServesTheNextCaller(String path) throws Exception {
    double timedOut = Scrape.sum("latam_body_timeouts_total");
    try (Socket stalled = open()) {
      send(stalled, head(path, FLIGHT.length()) + FLIGHT.substring(0, 10));
      StringBuilder received = new StringBuilder();

      List<String> errors =
          LoggedErrors.during(() -> {
            assertThat(statusesUntilShed())
                .as("the stalled request holds the one permit")
                .endsWith(503);
            return received.append(readToClose(stalled));
          });
      String answer = received.toString();

      assertThat(answer).startsWith("HTTP/1.1 408 ");
      assertThat(answer.toLowerCase(Locale.ROOT)).contains("connection: close");
      assertThat(answer)
          .contains("urn:latam-ml-infra:problem:body-timeout")
          .contains("did not arrive within 3 s");
      assertThat(errors).isEmpty();
    }
    given()
        .contentType("application/json")
        .body(FLIGHT)
        .post("/v1/predictions")
        .then()
        .statusCode(200);
    assertThat(Scrape.sum("latam_body_timeouts_total")).isEqualTo(timedOut + 1);
    // The worker that was reading the stalled body is told of the closed connection and freed at
    // once, not at its read timeout (5 s).
    assertNoThreadIsLeftReadingABody();
  }

  /** Within a second no thread reads a request's body any more, and none logged an error. */
  private static void assertNoThreadIsLeftReadingABody() throws Exception {
    long[] waiting = {threadsWaitingForABody()};
    List<String> errors =
        LoggedErrors.during(() -> {
          long until = System.nanoTime() + 1_000_000_000L;
          while (waiting[0] > 0 && System.nanoTime() < until) {
            Thread.sleep(50);
            waiting[0] = threadsWaitingForABody();
          }
          return null;
        });
    assertThat(waiting[0]).as("threads still reading a body").isZero();
    assertThat(errors).isEmpty();
  }

  @Test
  void stalledStreamOverHttp2IsAnswered408AndTheConnectionServesOn() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      HttpClient client =
          vertx.createHttpClient(
              new HttpClientOptions()
                  .setProtocolVersion(HttpVersion.HTTP_2)
                  .setHttp2ClearTextUpgrade(false)
                  .setDefaultPort(RestAssured.port)
                  .setDefaultHost("localhost"));
      HttpClientRequest stalled =
          client
              .request(HttpMethod.POST, "/v1/predictions")
              .toCompletionStage()
              .toCompletableFuture()
              .get(5, SECONDS);
      stalled.putHeader("Content-Type", "application/json");
      stalled.putHeader("Content-Length", Integer.toString(FLIGHT.length()));
      CompletableFuture<Throwable> reset = new CompletableFuture<>();
      stalled.exceptionHandler(reset::complete);
      stalled.write(FLIGHT.substring(0, 10));
      // The body is asked for on the event loop as the answer comes, before the reset after it.
      CompletableFuture<String> body = new CompletableFuture<>();
      HttpClientResponse answer =
          stalled
              .response()
              .onSuccess(r ->
                  r.body()
                      .onComplete(b ->
                          body.complete(
                              b.succeeded() ? b.result().toString() : "failed: " + b.cause())))
              .toCompletionStage()
              .toCompletableFuture()
              .get(10, SECONDS);

      assertThat(answer.version()).isEqualTo(HttpVersion.HTTP_2);
      assertThat(answer.statusCode()).isEqualTo(408);
      assertThat(body.get(5, SECONDS)).contains("urn:latam-ml-infra:problem:body-timeout");
      assertThat(reset.get(5, SECONDS))
          .isInstanceOfSatisfying(
              StreamResetException.class, e -> assertThat(e.getCode()).isZero());
      // The resource's worker reading the stream's body is let go with the reset.
      assertNoThreadIsLeftReadingABody();
      HttpClientResponse after =
          client
              .request(HttpMethod.GET, "/check-flight?Vlo_l=1")
              .compose(HttpClientRequest::send)
              .toCompletionStage()
              .toCompletableFuture()
              .get(5, SECONDS);
      assertThat(after.version()).isEqualTo(HttpVersion.HTTP_2);
      assertThat(after.statusCode()).isEqualTo(200);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(5, SECONDS);
    }
  }

  @Test
  void theOpenApiDocumentListsThe408ForRoutesThatTakeABody() {
    given()
        .get("/openapi.json")
        .then()
        .statusCode(200)
        .body(
            "paths.'/v1/predictions'.post.responses.'408'.content.'application/problem+json'"
                + ".schema.'$ref'",
            org.hamcrest.Matchers.equalTo("#/components/schemas/Problem"))
        .body(
            "paths.'/check-flight'.get.responses",
            org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("408")));
  }

  @Test
  void bodyArrivingSlowlyButInTimeIsAnswered() throws Exception {
    try (Socket slow = open()) {
      send(slow, head("/v1/predictions", FLIGHT.length()) + FLIGHT.substring(0, 10));
      Thread.sleep(600);
      send(slow, FLIGHT.substring(10));

      byte[] start = new byte[12];
      int read = slow.getInputStream().readNBytes(start, 0, start.length);

      assertThat(new String(start, 0, read, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
    }
  }
}
