package org.latamml.live;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.latamml.testing.LiveFeed.departure;
import static org.latamml.testing.LiveFeed.flight;
import static org.latamml.testing.LiveFeed.sendDepartures;
import static org.latamml.testing.LiveFeed.sendSchedule;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.latamml.testing.FlightRequests;
import org.latamml.testing.LiveFeed;

/**
 * The prototype's route on flights sent as events, with the served 1.1.0, whose answers its fast
 * path keeps: an event that changes a flight changes its answer at once, and no other's.
 */
@QuarkusTest
@TestProfile(PrototypeRouteLiveTest.EmptyStore.class)
class PrototypeRouteLiveTest {

  /** An empty store of its own, the shipped model served. */
  public static final class EmptyStore implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return LiveFeed.emptyStoreServing("prototype-live", "1.1.0");
    }
  }

  private static Response predictFlight(long id) {
    return given()
        .contentType(ContentType.JSON)
        .body(FlightRequests.prototype(Long.toString(id)))
        .post("/predict-flight");
  }

  @Test
  void aDepartureSentForAFlightShowsInItsNextAnswer() {
    Map<String, Object> first = flight("LAN", "700", "2030-03-01T10:00:00");
    Map<String, Object> second = flight("SKU", "701", "2030-03-01T11:00:00");
    Response scheduled = sendSchedule(List.of(first, second));
    long a = scheduled.jsonPath().getLong("flights[0].id");
    long b = scheduled.jsonPath().getLong("flights[1].id");
    predictFlight(a).then().statusCode(200).body("flight.actual_departure", nullValue());
    String secondsAnswer = predictFlight(b).then().statusCode(200).extract().asString();

    sendDepartures(List.of(departure(first, "2030-03-01T10:25:00"))).then().statusCode(200);

    predictFlight(a)
        .then()
        .statusCode(200)
        .body("flight.actual_departure", equalTo("2030-03-01T10:25:00"))
        .body("model_version", equalTo("1.1.0"));
    predictFlight(b).then().statusCode(200).body(equalTo(secondsAnswer));
  }
}
