package org.latamml.compat;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.buffer.Buffer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.latamml.testing.Rollouts;
import org.latamml.testing.Scrape;

/**
 * The event-loop answers' own duties: each request timed and counted once whichever side answers,
 * and only the bodies read exactly are read there. That it answers as the full path does is {@link
 * EventLoopAbIT}'s to show, over HTTP.
 */
@QuarkusTest
class PredictFlightFastPathTest {
  @Inject PredictFlightFastPath fastPath;

  @Test
  void timesEveryRequestToTheRouteOnceWhicheverPathAnswers() {
    double ok = count("200");
    double notFound = count("404");
    double wrongMethod = count("405");

    given().contentType(ContentType.JSON).body("{\"Vlo_l\": \"5\"}").post("/predict-flight");
    given().contentType(ContentType.JSON).body("{\"Vlo_l\": 6}").post("/predict-flight");
    given().contentType(ContentType.JSON).body("{\"Vlo_l\": \"99999\"}").post("/predict-flight");
    given().get("/predict-flight");

    assertThat(count("200")).isEqualTo(ok + 2);
    assertThat(count("404")).isEqualTo(notFound + 1);
    assertThat(count("405")).isEqualTo(wrongMethod + 1);
  }

  @Test
  void countsEveryAnswerAsAPredictionWhenItsAnswerIsKept() {
    double before = Scrape.sum("latam_predictions_total");

    for (int i = 0; i < 3; i++) {
      given()
          .contentType(ContentType.JSON)
          .body("{\"Vlo_l\": \"9\"}")
          .post("/predict-flight")
          .then()
          .statusCode(200);
    }

    assertThat(Scrape.sum("latam_predictions_total")).isEqualTo(before + 3);
  }

  @Test
  void answersAFlightAskedAgainFromItsKeptPrediction() {
    double before = Scrape.sum("latam_kept_answers_total", "kept=\"prediction\"");

    for (int i = 0; i < 3; i++) {
      given()
          .contentType(ContentType.JSON)
          .body("{\"Vlo_l\": \"40\"}")
          .post("/predict-flight")
          .then()
          .statusCode(200);
    }

    // The second and third at least: the first too when another test asked for 40 before.
    assertThat(Scrape.sum("latam_kept_answers_total", "kept=\"prediction\""))
        .isBetween(before + 2, before + 3);
  }

  @Test
  void answersAKeptFlightWithTheNewChampionOnceTheRolloutChanges() {
    try {
      Rollouts.serveAlone("1.1.0");
      versionAnswering("39");
      double before = Scrape.sum("latam_kept_answers_total", "kept=\"prediction\"");
      assertThat(versionAnswering("39")).isEqualTo("1.1.0");
      assertThat(Scrape.sum("latam_kept_answers_total", "kept=\"prediction\""))
          .isEqualTo(before + 1);

      Rollouts.serveAlone("1.0.0");

      assertThat(versionAnswering("39")).isEqualTo("1.0.0");
      assertThat(versionAnswering("39")).isEqualTo("1.0.0");
    } finally {
      Rollouts.serveAlone("1.1.0");
    }
  }

  private static String versionAnswering(String id) {
    return given()
        .contentType(ContentType.JSON)
        .body("{\"Vlo_l\": \"" + id + "\"}")
        .post("/predict-flight")
        .then()
        .statusCode(200)
        .extract()
        .path("model_version");
  }

  @Test
  void timesARequestWithATrailingSlashOnceToo() {
    double before = Scrape.sum("http_server_requests_seconds_count", "predict-flight");

    given().contentType(ContentType.JSON).body("{\"Vlo_l\": \"5\"}").post("/predict-flight/");

    assertThat(Scrape.sum("http_server_requests_seconds_count", "predict-flight"))
        .isEqualTo(before + 1);
  }

  @Test
  void timesEveryCheckOnceWhicheverSideAnswers() {
    double ok = count("/check-flight", "200");
    double invalid = count("/check-flight", "422");
    double answeredHere = Scrape.sum("latam_fast_path_answers_total", "/check-flight");

    given().get("/check-flight?Vlo_l=5").then().statusCode(200);
    given().get("/check-flight?Vlo_l=abc").then().statusCode(422);

    assertThat(count("/check-flight", "200")).isEqualTo(ok + 1);
    assertThat(count("/check-flight", "422")).isEqualTo(invalid + 1);
    assertThat(Scrape.sum("latam_fast_path_answers_total", "/check-flight"))
        .isEqualTo(answeredHere + 1);
  }

  private static double count(String status) {
    return count("/predict-flight", status);
  }

  private static double count(String uri, String status) {
    return Scrape.sum(
        "http_server_requests_seconds_count", "uri=\"" + uri + "\"", "status=\"" + status + "\"");
  }

  @Test
  void readsTheIdFromThePrototypesBody() {
    assertThat(
            fastPath.requestedId(
                Buffer.buffer(
                    "{\"Vlo_l\": \"76\", \"Fecha_l\": \"\", \"O_vlo\": \"\", \"O_fecha\": \"\","
                        + " \"flight_type\": \"\", \"airline\": null}")))
        .isEqualTo("76");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"Vlo_l\":\"76\"}",
        " {\r\n\t\"Fecha_l\": \"\" , \"Vlo_l\" : \"76\" } ",
        "{\"airline\": null, \"Vlo_l\": \"76\", \"O_vlo\": \"x\"}"
      })
  void readsTheIdWhereverItStands(String body) {
    assertThat(fastPath.requestedId(Buffer.buffer(body))).isEqualTo("76");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"Vlo_l\": 76}",
        "{\"Vlo_l\": {\"x\": \"1\"}}",
        "{\"Vlo_l\": \"76\"",
        "{\"Vlo_l\": \"76\"} trailing",
        "[\"76\"]",
        "null",
        "{\"Vlo_l\": \"76\", \"airline\": [1]}",
        "{\"Vlo_l\": SECRET}",
        "{\"Vlo_l\": \"7\\u0036\"}",
        "{\"Vlo_l\": \"76\", \"airline\": \"Aerolíneas\"}",
        "{\"Vlo_l\": \"7\t6\"}",
        "{\"Vlo_l\": \"76\",}",
        "{\"Vlo_l\" \"76\"}",
        "{\"Vlo_l\": nul}",
        "{\"Vlo_l\": \"76\", \"Vlo_l\": null}",
        "{\"Vlo_l\": \"1\", \"Vlo_l\": \"76\"}",
        "{\"Vlo_l\": \"76\", \"airline\": \"a\", \"airline\": \"b\"}",
        "{\"a\": \"\", \"b\": \"\", \"c\": \"\", \"d\": \"\", \"e\": \"\", \"f\": \"\", \"g\": \"\","
            + " \"h\": \"\", \"Vlo_l\": \"76\"}",
        "{\"Vlo_lx\": \"76\", \"Vlo_\": \"76\"}",
        ""
      })
  void leavesBodiesItCannotReadExactlyToTheFullPath(String body) {
    assertThat(fastPath.requestedId(Buffer.buffer(body))).isNull();
  }

  @Test
  void writesDatesWithSecondsAlwaysShown() {
    given()
        .contentType(ContentType.JSON)
        .body("{\"Vlo_l\": \"3\"}")
        .post("/predict-flight")
        .then()
        .statusCode(200)
        .body(
            "flight.scheduled_departure",
            org.hamcrest.Matchers.matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d"));
  }
}
