package org.latamml.compat;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.buffer.Buffer;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.latamml.prediction.Prediction;
import org.latamml.prediction.Predictor;
import org.latamml.store.FlightView;
import org.latamml.store.JdbcFlightStore;
import org.latamml.store.StoredFlight;
import org.latamml.testing.Scrape;

/**
 * The fast path against the full path's own serialisation: the same bytes for every fixture flight,
 * and only the bodies it can read exactly are read here.
 */
@QuarkusTest
class PredictFlightFastPathTest {
  @Inject PredictFlightFastPath fastPath;
  @Inject JdbcFlightStore store;
  @Inject Predictor predictor;
  @Inject ObjectMapper mapper;

  @Test
  void writesTheBytesTheFullPathWritesForEveryFixtureFlight() throws Exception {
    for (long id = 1; id <= 40; id++) {
      StoredFlight stored = store.find(id).orElseThrow();
      Prediction prediction = predictor.predict(stored.flight());
      String full =
          mapper.writeValueAsString(
              new PrototypeResource.Response(
                  prediction.label(),
                  prediction.probability(),
                  prediction.modelVersion(),
                  FlightView.of(stored)));

      assertThat(new String(fastPath.write(stored, prediction), StandardCharsets.UTF_8))
          .as("flight %d", id)
          .isEqualTo(full);
    }
  }

  @Test
  void writesAFlightThatHasNotLeftWithANullDeparture() throws Exception {
    StoredFlight stored = store.find(1).orElseThrow();
    StoredFlight waiting =
        new StoredFlight(
            1,
            new org.latamml.flight.Flight(
                stored.flight().scheduledDeparture(),
                stored.flight().flightNumber(),
                stored.flight().destination(),
                stored.flight().airlineCode(),
                "Quote \" and backslash \\ airline",
                stored.flight().type(),
                stored.flight().destinationCity(),
                null));
    Prediction prediction = new Prediction(0.5, true, "9.9.9");
    String full =
        mapper.writeValueAsString(
            new PrototypeResource.Response(
                prediction.label(), 0.5, "9.9.9", FlightView.of(waiting)));

    assertThat(new String(fastPath.write(waiting, prediction), StandardCharsets.UTF_8))
        .isEqualTo(full);
  }

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
  void timesARequestWithATrailingSlashOnceToo() {
    double before = Scrape.sum("http_server_requests_seconds_count", "predict-flight");

    given().contentType(ContentType.JSON).body("{\"Vlo_l\": \"5\"}").post("/predict-flight/");

    assertThat(Scrape.sum("http_server_requests_seconds_count", "predict-flight"))
        .isEqualTo(before + 1);
  }

  private static double count(String status) {
    return Scrape.sum(
        "http_server_requests_seconds_count",
        "uri=\"/predict-flight\"",
        "status=\"" + status + "\"");
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
        "{\"Vlo_l\": \"1\", \"Vlo_l\": \"76\"}",
        "{\"airline\": null, \"Vlo_l\": \"76\", \"O_vlo\": \"x\"}"
      })
  void readsTheIdWhereverItStandsAndTheLastOneWins(String body) {
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
