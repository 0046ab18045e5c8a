package org.latamml.live;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.latamml.testing.LiveFeed.departure;
import static org.latamml.testing.LiveFeed.flight;
import static org.latamml.testing.LiveFeed.sendDepartures;
import static org.latamml.testing.LiveFeed.sendSchedule;
import static org.latamml.testing.LiveFeed.with;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.latamml.prediction.Ask;
import org.latamml.testing.LiveFeed;
import org.latamml.testing.Rollouts;
import org.latamml.testing.Scrape;

/**
 * Schedules and departures sent as events, and the board they make: each test keeps to a day of its
 * own, days apart, on a store of its own serving the rich model 2.0.0 (its inputs include the
 * airport's last hours) with 1.1.0 as the fallback.
 */
@QuarkusTest
@TestProfile(LiveFlightsTest.LiveStore.class)
class LiveFlightsTest {

  /** An empty store, the rich model served. */
  public static final class LiveStore implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return LiveFeed.emptyStoreServing("live", "2.0.0");
    }
  }

  private static Response board(String from, int hours, String asOf) {
    return given()
        .get("/v1/board?from=" + from + "&hours=" + hours + (asOf == null ? "" : "&as_of=" + asOf));
  }

  private static long idOf(Response scheduled, int index) {
    return scheduled.jsonPath().getLong("flights[" + index + "].id");
  }

  @Test
  void aScheduleIsStoredAndEachFlightGetsItsId() {
    Response answer =
        sendSchedule(
            List.of(
                flight("LAN", "500", "2030-01-01T10:00:00"),
                flight("SKU", "501", "2030-01-01T11:00:00")));

    answer
        .then()
        .statusCode(200)
        .body("flights.flight_number", contains("500", "501"))
        .body(
            "flights.scheduled_departure", contains("2030-01-01T10:00:00", "2030-01-01T11:00:00"));
    assertThat(idOf(answer, 1)).isNotEqualTo(idOf(answer, 0));
    given()
        .get("/v1/flights/" + idOf(answer, 1))
        .then()
        .statusCode(200)
        .body("airline", equalTo("Sky Airline"))
        .body("airline_code", equalTo("SKU"))
        .body("actual_departure", nullValue());
  }

  @Test
  void aNameTheModelsKnowIsStoredInTheirSpellingWhateverItsCase() {
    Map<String, Object> shouted =
        with(flight("SKU", "505", "2030-01-02T10:00:00"), "airline", "SKY AIRLINE");
    Map<String, Object> unknown =
        with(flight("SKU", "506", "2030-01-02T11:00:00"), "airline", "SKY NUEVA");

    Response answer = sendSchedule(List.of(with(shouted, "destination", "saez"), unknown));

    given()
        .get("/v1/flights/" + idOf(answer, 0))
        .then()
        .statusCode(200)
        .body("airline", equalTo("Sky Airline"))
        .body("destination", equalTo("SAEZ"));
    given().get("/v1/flights/" + idOf(answer, 1)).then().body("airline", equalTo("SKY NUEVA"));
  }

  @Test
  void aFlightSentAgainIsUpdatedNeverDuplicated() {
    Map<String, Object> first = flight("LAN", "510", "2030-01-04T09:00:00");
    long id = idOf(sendSchedule(List.of(first)), 0);
    sendDepartures(List.of(departure(first, "2030-01-04T09:25:00"))).then().statusCode(200);

    Response again = sendSchedule(List.of(with(first, "destination", "SCFA")));

    assertThat(idOf(again, 0)).isEqualTo(id);
    given()
        .get("/v1/flights/" + id)
        .then()
        .body("destination", equalTo("SCFA"))
        // The schedule changes what was scheduled, not what happened.
        .body("actual_departure", equalTo("2030-01-04T09:25:00"));
    board("2030-01-04T08:00", 3, "2030-01-05T00:00").then().body("flights", hasSize(1));
  }

  @Test
  void anAirlineCodeInAnyCaseNamesTheSameFlight() {
    Map<String, Object> lower = flight("lan", "512", "2030-01-05T09:00:00");
    Response first = sendSchedule(List.of(lower));
    first.then().statusCode(200).body("flights[0].airline_code", equalTo("LAN"));
    long id = idOf(first, 0);

    assertThat(idOf(sendSchedule(List.of(flight("LAN", "512", "2030-01-05T09:00:00"))), 0))
        .isEqualTo(id);
    sendDepartures(
            List.of(departure(flight("Lan", "512", "2030-01-05T09:00:00"), "2030-01-05T09:30:00")))
        .then()
        .statusCode(200)
        .body("departures[0].flight_id", equalTo((int) id));
    given().get("/v1/flights/" + id).then().body("airline_code", equalTo("LAN"));
    board("2030-01-05T08:00", 3, "2030-01-06T00:00").then().body("flights", hasSize(1));
  }

  @Test
  void aTimeSentWithFractionsOfASecondIsTheFlightOfThatSecond() {
    Map<String, Object> plain = flight("LAN", "513", "2030-01-05T11:00:00");
    Response withMillis =
        sendSchedule(List.of(with(plain, "scheduled_departure", "2030-01-05T11:00:00.123")));
    withMillis
        .then()
        .statusCode(200)
        .body("flights[0].scheduled_departure", equalTo("2030-01-05T11:00:00"));

    assertThat(idOf(sendSchedule(List.of(plain)), 0)).isEqualTo(idOf(withMillis, 0));
  }

  @Test
  void aBatchNamingOneFlightTwiceWithOtherFieldsIsRefusedWhole() {
    Map<String, Object> first = flight("LAN", "514", "2030-01-06T09:00:00");

    sendSchedule(List.of(first, with(first, "destination", "SCEL")))
        .then()
        .statusCode(422)
        .body("errors[0].field", equalTo("flights[1]"))
        .body("errors[0].detail", containsString("same flight as flights[0]"));
    board("2030-01-06T08:00", 3, "2030-01-07T00:00").then().body("flights", hasSize(0));

    long id = idOf(sendSchedule(List.of(first, first)), 0);
    sendDepartures(
            List.of(
                departure(first, "2030-01-06T09:10:00"),
                Map.of("flight_id", id, "actual_departure", "2030-01-06T09:12:00"),
                departure(first, "2030-01-06T09:15:00")))
        .then()
        .statusCode(422)
        // Named by id and again by key, it is one flight all the same.
        .body("errors.field", contains("departures[1]", "departures[2]"));
    given().get("/v1/flights/" + id).then().body("actual_departure", nullValue());
    sendDepartures(
            List.of(
                departure(first, "2030-01-06T09:10:00"),
                Map.of("flight_id", id, "actual_departure", "2030-01-06T09:10:00")))
        .then()
        .statusCode(200)
        .body("departures", hasSize(2));
  }

  @Test
  void aBatchWithOneBadItemIsRefusedWholeNamingTheItem() {
    Map<String, Object> good = flight("LAN", "520", "2030-01-07T10:00:00");
    Map<String, Object> bad = with(flight("LAN", "521", "2030-01-07T11:00:00"), "flight_type", "X");

    sendSchedule(List.of(good, bad))
        .then()
        .statusCode(422)
        .body("errors.field", contains("flights[1].flight_type"))
        .body("errors[0].detail", equalTo("must be I or N"));
    board("2030-01-07T09:00", 6, null).then().statusCode(200).body("flights", hasSize(0));
  }

  @Test
  void everyBadFieldOfABatchIsNamedAtOnce() {
    Map<String, Object> noNumber =
        with(flight("LAN", "530", "2030-01-10T10:00:00"), "flight_number", " ");
    Map<String, Object> longCode =
        with(flight("LAN", "531", "2030-01-10T11:00:00"), "airline_code", "ABCDEFGHIJ");

    sendSchedule(List.of(noNumber, longCode))
        .then()
        .statusCode(422)
        .body("errors.field", contains("flights[0].flight_number", "flights[1].airline_code"));
  }

  @Test
  void batchesHoldOneToAThousandItems() {
    sendSchedule(List.of()).then().statusCode(422).body("errors[0].field", equalTo("flights"));
    List<Map<String, Object>> tooMany = new ArrayList<>();
    for (int i = 0; i < 1001; i++) {
      tooMany.add(flight("LAN", "9" + i, "2030-01-13T10:00:00"));
    }
    sendSchedule(tooMany)
        .then()
        .statusCode(422)
        .body("detail", containsString("1 to 1,000 items, got 1,001"));
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("flights", List.of(with(flight("LAN", "1", "2030-01-13T10:00:00"), "id", 5))))
        .post("/v1/flights")
        .then()
        .statusCode(422)
        .body("errors[0].field", equalTo("flights[0].id"))
        .body("errors[0].detail", containsString("is not a field here"));
  }

  @Test
  void departuresNameTheirFlightByIdOrByKey() {
    Map<String, Object> byId = flight("LAN", "540", "2030-01-16T10:00:00");
    Map<String, Object> byKey = flight("SKU", "541", "2030-01-16T10:30:00");
    long id = idOf(sendSchedule(List.of(byId, byKey)), 0);

    sendDepartures(
            List.of(
                Map.of("flight_id", id, "actual_departure", "2030-01-16T10:40:00"),
                departure(byKey, "2030-01-16T10:35:00")))
        .then()
        .statusCode(200)
        .body("departures[0].flight_id", equalTo((int) id))
        .body("departures.delayed", contains(true, false));
    given()
        .get("/v1/flights/" + id)
        .then()
        .body("actual_departure", equalTo("2030-01-16T10:40:00"));
  }

  @Test
  void aDepartureOfAnUnknownFlightRefusesItsBatchAndChangesNothing() {
    Map<String, Object> known = flight("LAN", "550", "2030-01-19T10:00:00");
    long id = idOf(sendSchedule(List.of(known)), 0);

    sendDepartures(
            List.of(
                departure(known, "2030-01-19T10:05:00"),
                departure(flight("LAN", "551", "2030-01-19T10:00:00"), "2030-01-19T10:05:00"),
                Map.of("flight_id", 999_999, "actual_departure", "2030-01-19T10:05:00")))
        .then()
        .statusCode(422)
        .body("errors.field", contains("departures[1]", "departures[2].flight_id"))
        .body("errors[0].detail", containsString("no flight with this airline_code"));
    given().get("/v1/flights/" + id).then().body("actual_departure", nullValue());
  }

  @Test
  void aDepartureFarFromItsScheduleIsRefused() {
    Map<String, Object> known = flight("LAN", "560", "2030-01-22T10:00:00");
    sendSchedule(List.of(known)).then().statusCode(200);

    sendDepartures(List.of(departure(known, "2030-01-24T10:00:00")))
        .then()
        .statusCode(422)
        .body("errors[0].field", equalTo("departures[0].actual_departure"));
    board("2030-01-22T09:00", 3, "2030-01-25T00:00")
        .then()
        .body("flights[0].flight.actual_departure", nullValue());
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"departures\": [{\"flight_id\": 1, \"actual_departure\": \"2030-01-22T10:05:00\"},"
                + " {\"flight_id\": 99999999999999999999}]}")
        .post("/v1/departures")
        .then()
        .statusCode(422)
        .body("errors[0].field", equalTo("departures[1].flight_id"))
        .body("errors[0].detail", equalTo("is a number out of range"));
    sendDepartures(List.of(Map.of("flight_id", 1, "actual_departure", "soon")))
        .then()
        .statusCode(422)
        .body("errors[0].field", equalTo("departures[0].actual_departure"));
  }

  /**
   * Hourly flights from 08:00 to 18:00 on the day; those until noon left five minutes late,
   * reported now (a day to come, seen as if live).
   */
  private static List<Map<String, Object>> hourlyDay(String day, String code) {
    return hourlyDay(day, code, false);
  }

  /**
   * {@link #hourlyDay(String, String)}, the departures reported as they left when {@code replayed}
   * (a past day, as {@code ./latam replay} sends it): a report cannot be dated after now.
   */
  private static List<Map<String, Object>> hourlyDay(String day, String code, boolean replayed) {
    List<Map<String, Object>> flights = new ArrayList<>();
    for (int hour = 8; hour <= 18; hour++) {
      flights.add(
          flight(code, Integer.toString(600 + hour), String.format("%sT%02d:00:00", day, hour)));
    }
    sendSchedule(flights).then().statusCode(200);
    sendDepartures(
            flights.subList(0, 5).stream()
                .map(f -> {
                  String left = ((String) f.get("scheduled_departure")).replace(":00:00", ":05:00");
                  return replayed
                      ? with(departure(f, left), "reported_at", left)
                      : departure(f, left);
                })
                .toList())
        .then()
        .statusCode(200);
    return flights;
  }

  @Test
  void theBoardListsTheWindowsFlightsInOrderSayingWhatEachKnew() {
    hourlyDay("2030-01-25", "LAN");

    Response answer = board("2030-01-25T13:00", 3, "2030-01-25T23:00");

    answer
        .then()
        .statusCode(200)
        .body("as_of", equalTo("2030-01-25T23:00:00"))
        .body(
            "flights.flight.scheduled_departure",
            contains("2030-01-25T13:00:00", "2030-01-25T14:00:00", "2030-01-25T15:00:00"))
        // 13:00: departures between 10:00 and 12:00 are 10:05 and 11:05; one left after 12:00.
        .body("flights[0].prediction.context.departures_seen", equalTo(2))
        .body("flights[0].prediction.context.complete", equalTo(true))
        .body("flights[0].prediction.model_version", equalTo("2.0.0"))
        // 15:00: its hours end at 14:00, and nothing is known to have left after 12:05.
        .body("flights[2].prediction.context.departures_seen", equalTo(1))
        .body("flights[2].prediction.context.complete", equalTo(false))
        .body("flights[2].prediction.model_version", equalTo("1.1.0"))
        .body("flights[2].prediction.fallback", containsString("needs the airport's departures"));
    double probability = answer.jsonPath().getDouble("flights[0].prediction.probability");
    assertThat(probability).isBetween(0.0, 1.0);
    assertThat(answer.jsonPath().getString("flights[0].prediction.label"))
        .isEqualTo(
            answer.jsonPath().getBoolean("flights[0].prediction.delayed")
                ? "High delayed probability"
                : "Low delayed probability");
  }

  @Test
  void aDepartureAfterAsOfNeverChangesTheAnswerForThatAsOf() {
    List<Map<String, Object>> flights = hourlyDay("2030-01-28", "SKU");
    String asOf = "2030-01-28T12:30";
    String before = board("2030-01-28T08:00", 11, asOf).asString();

    // 13:00 leaves at 13:50, late, after asOf: the 15:00 flight's hours include it.
    sendDepartures(List.of(departure(flights.get(5), "2030-01-28T13:50:00")))
        .then()
        .statusCode(200);

    assertThat(board("2030-01-28T08:00", 11, asOf).asString()).isEqualTo(before);
    // 15:00's hours (12:00 to 14:00) saw 12:05, and by 14:00 also 13:50.
    board("2030-01-28T08:00", 11, "2030-01-28T14:00")
        .then()
        .body("flights[5].flight.actual_departure", equalTo("2030-01-28T13:50:00"))
        .body("flights[7].prediction.context.departures_seen", equalTo(2));
    board("2030-01-28T08:00", 11, asOf)
        .then()
        .body("flights[5].flight.actual_departure", nullValue())
        .body("flights[7].prediction.context.departures_seen", equalTo(1));
  }

  @Test
  void aDepartureReportedAfterAsOfNeverChangesTheAnswerForThatAsOfEvenIfItLeftBefore() {
    List<Map<String, Object>> flights = hourlyDay("2020-02-21", "CMP", true);
    String asOf = "2020-02-21T13:30";
    String before = board("2020-02-21T08:00", 11, asOf).asString();

    // 13:00 left at 13:20, before asOf, but the feeder reported it at 13:45.
    sendDepartures(
            List.of(
                with(
                    departure(flights.get(5), "2020-02-21T13:20:00"),
                    "reported_at",
                    "2020-02-21T13:45:00")))
        .then()
        .statusCode(200);

    assertThat(board("2020-02-21T08:00", 11, asOf).asString()).isEqualTo(before);
    board("2020-02-21T08:00", 11, "2020-02-21T13:44")
        .then()
        .body("flights[5].flight.actual_departure", nullValue());
    // Known to the minute: reported at 13:45, it counts for 13:45.
    board("2020-02-21T08:00", 11, "2020-02-21T13:45")
        .then()
        .body("flights[5].flight.actual_departure", equalTo("2020-02-21T13:20:00"))
        .body("flights[7].prediction.context.departures_seen", equalTo(2));
    sendDepartures(
            List.of(
                with(
                    departure(flights.get(6), "2020-02-21T14:05:00"),
                    "reported_at",
                    "2020-02-21T14:00:00")))
        .then()
        .statusCode(422)
        .body("errors[0].field", equalTo("departures[0].reported_at"));
  }

  @Test
  void aReportDatedAfterNowIsRefusedAndTheStoredOneKept() {
    Map<String, Object> known = flight("LAN", "565", "2020-02-24T10:00:00");
    long id = idOf(sendSchedule(List.of(known)), 0);
    sendDepartures(List.of(departure(known, "2020-02-24T10:20:00"))).then().statusCode(200);

    sendDepartures(
            List.of(
                with(
                    departure(known, "2020-02-24T10:40:00"),
                    "reported_at",
                    airportMinute().plusHours(1) + ":00")))
        .then()
        .statusCode(422)
        .body("errors[0].field", equalTo("departures[0].reported_at"))
        .body("errors[0].detail", containsString("must not be later than now"));
    given()
        .get("/v1/flights/" + id)
        .then()
        .body("actual_departure", equalTo("2020-02-24T10:20:00"));

    // A feeder's clock a little fast is not the future.
    sendDepartures(
            List.of(
                with(
                    departure(known, "2020-02-24T10:25:00"),
                    "reported_at",
                    airportMinute().plusMinutes(2) + ":00")))
        .then()
        .statusCode(200);
    given()
        .get("/v1/flights/" + id)
        .then()
        .body("actual_departure", equalTo("2020-02-24T10:25:00"));
  }

  /**
   * This minute at the airport, as the board's defaults and departures know it; never its last
   * seconds, so that the test's requests fall in the minute it names (a board asked as of now is
   * kept for its minute: one asked twice across a minute's end is made twice).
   */
  private static java.time.LocalDateTime airportMinute() {
    java.time.ZoneId airport = java.time.ZoneId.of("America/Santiago");
    while (java.time.LocalDateTime.now(airport).getSecond() >= 55) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return java.time.LocalDateTime.now(airport).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
  }

  @Test
  void aDepartureSentNowShowsOnTheBoardOfNowAtOnce() {
    java.time.LocalDateTime now = airportMinute();
    Map<String, Object> left = flight("SKU", "599", now.minusMinutes(30).toString());
    sendSchedule(List.of(left)).then().statusCode(200);
    sendDepartures(List.of(departure(left, now.minusMinutes(1).toString()))).then().statusCode(200);

    given()
        .get("/v1/board?from=" + now.minusMinutes(30) + "&hours=1")
        .then()
        .statusCode(200)
        .body("flights[0].flight.flight_number", equalTo("599"))
        .body("flights[0].flight.actual_departure", equalTo(now.minusMinutes(1) + ":00"));
  }

  @Test
  void aBoardKeptBeforeADepartureShowsItOnceSent() {
    java.time.LocalDateTime now = airportMinute();
    Map<String, Object> leaving = flight("SKU", "598", now.minusMinutes(20).toString());
    sendSchedule(List.of(leaving)).then().statusCode(200);
    String window = "/v1/board?from=" + now.minusMinutes(20) + "&hours=1";
    String departed = "flights.find { it.flight.flight_number == '598' }.flight.actual_departure";
    String fastAnswers = "latam_fast_path_answers_total";
    double kept = Scrape.sum(fastAnswers, "route=\"/v1/board\"");
    // Asked twice: made, then sent as kept from the event loop.
    for (int i = 0; i < 2; i++) {
      given().get(window).then().statusCode(200).body(departed, nullValue());
    }
    assertThat(Scrape.sum(fastAnswers, "route=\"/v1/board\"")).isGreaterThan(kept);

    sendDepartures(List.of(departure(leaving, now.minusMinutes(2).toString())))
        .then()
        .statusCode(200);

    given().get(window).then().statusCode(200).body(departed, equalTo(now.minusMinutes(2) + ":00"));
  }

  @Test
  void aBoardKeptBeforeARolloutIsTheNewChampionsAfterIt() {
    sendSchedule(List.of(flight("SKU", "650", "2030-03-04T10:00:00"))).then().statusCode(200);
    // No departures that morning: 2.0.0 hands the flight to its fallback, 1.1.0.
    String window = "/v1/board?from=2030-03-04T09:00&hours=3&as_of=2030-03-04T08:00";
    double kept = Scrape.sum("latam_fast_path_answers_total", "route=\"/v1/board\"");
    for (int i = 0; i < 2; i++) {
      assertAnsweredBy(window, "1.1.0");
    }
    assertThat(Scrape.sum("latam_fast_path_answers_total", "route=\"/v1/board\""))
        .isGreaterThan(kept);

    try {
      Rollouts.serveAlone("1.0.0");
      assertAnsweredBy(window, "1.0.0");
    } finally {
      Rollouts.serveAlone("2.0.0");
    }
    assertAnsweredBy(window, "1.1.0");
  }

  /**
   * The board of {@code window} has one flight, answered by {@code version}, as its header says.
   */
  private static void assertAnsweredBy(String window, String version) {
    given()
        .get(window)
        .then()
        .statusCode(200)
        .header(Ask.MODEL_VERSION_HEADER, version)
        .body("flights.prediction.model_version", contains(version));
  }

  @Test
  void withoutFromTheBoardShowsTheNextDepartures() {
    java.time.LocalDateTime now = airportMinute();
    sendSchedule(
            List.of(
                flight("SKU", "777", now.plusMinutes(40).toString()),
                flight("SKU", "778", now.minusHours(2).toString()),
                flight("SKU", "779", now.plusHours(5).toString())))
        .then()
        .statusCode(200);

    List<String> numbers =
        given()
            .get("/v1/board")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("flights.flight.flight_number");

    assertThat(numbers).contains("777").doesNotContain("778", "779");
  }

  private static Response push(String messageId, String data) {
    return given()
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "message",
                Map.of(
                    "data", data,
                    "messageId", messageId,
                    "message_id", messageId,
                    "publishTime", "2030-01-31T18:00:00Z",
                    "attributes", Map.of()),
                "subscription",
                "projects/latam/subscriptions/flight-events-push"))
        .post("/v1/events/pubsub");
  }

  private static String base64(String json) {
    return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void pubSubMessagesAreStoredOnceByTheirMessageId() {
    String schedule =
        "{\"flights\": [{\"scheduled_departure\": \"2030-01-31T10:00:00\", \"flight_number\":"
            + " \"570\", \"airline\": \"Grupo LATAM\", \"airline_code\": \"LAN\", \"flight_type\":"
            + " \"I\", \"destination\": \"SAEZ\"}]}";
    push("m-570", base64(schedule)).then().statusCode(204);
    String departed =
        "{\"departures\": [{\"airline_code\": \"LAN\", \"flight_number\": \"570\","
            + " \"scheduled_departure\": \"2030-01-31T10:00:00\", \"actual_departure\":"
            + " \"2030-01-31T10:20:00\"}]}";
    push("m-571", base64(departed)).then().statusCode(204);
    // Delivered again under the first id, a changed body changes nothing.
    push("m-570", base64(schedule.replace("SAEZ", "SCFA"))).then().statusCode(204);

    board("2030-01-31T09:00", 3, "2030-02-01T00:00")
        .then()
        .body("flights", hasSize(1))
        .body("flights[0].flight.destination", equalTo("SAEZ"))
        .body("flights[0].flight.actual_departure", equalTo("2030-01-31T10:20:00"));
  }

  @Test
  void aPubSubMessageThatIsNotABatchIsRefusedNamingWhy() {
    push("m-bad-1", "not base64!")
        .then()
        .statusCode(422)
        .body("errors[0].field", equalTo("message.data"));
    push("m-bad-2", base64("[1, 2]"))
        .then()
        .statusCode(422)
        .body("detail", containsString("JSON object"));
    push("m-bad-3", base64("{\"flights\": [], \"departures\": []}"))
        .then()
        .statusCode(422)
        .body("detail", containsString("either"));
    push("m-bad-4", base64("{\"flights\": [{\"flight_number\": \"1\"}]}"))
        .then()
        .statusCode(422)
        .body("errors.field", hasItem("message.data.flights[0].airline_code"));
    // Said in the words and names of the HTTP routes, under the message's payload.
    push("m-bad-5", base64("{\"departures\": [{\"flight_id\": 99999999999999999999}]}"))
        .then()
        .statusCode(422)
        .body("errors[0].field", equalTo("message.data.departures[0].flight_id"))
        .body("errors[0].detail", equalTo("is a number out of range"));
    push("m-bad-6", base64("{\"departures\": [{\"flight_id\": [1]}]}"))
        .then()
        .statusCode(422)
        .body("errors[0].field", equalTo("message.data.departures[0].flight_id"))
        .body("errors[0].detail", equalTo("must be an integer"));
    // Refused, so not recorded: the same id with a good body is taken.
    push(
            "m-bad-4",
            base64(
                "{\"flights\": [{\"scheduled_departure\": \"2030-02-03T10:00:00\","
                    + " \"flight_number\": \"580\", \"airline\": \"Grupo LATAM\", \"airline_code\":"
                    + " \"LAN\", \"flight_type\": \"N\", \"destination\": \"SCFA\"}]}"))
        .then()
        .statusCode(204);
    board("2030-02-03T09:00", 3, null).then().body("flights", hasSize(1));
  }

  @Test
  void batchesAndTheirFlightsAreCountedByOutcome() {
    double stored = Scrape.sum("latam_ingest_items_total", "kind=\"flights\"");
    double refused =
        Scrape.sum("latam_ingest_batches_total", "kind=\"flights\"", "outcome=\"refused\"");

    sendSchedule(
            List.of(
                flight("LAN", "590", "2030-02-09T10:00:00"),
                flight("LAN", "591", "2030-02-09T11:00:00")))
        .then()
        .statusCode(200);
    sendSchedule(List.of(with(flight("LAN", "592", "2030-02-09T12:00:00"), "flight_type", "X")))
        .then()
        .statusCode(422);

    assertThat(Scrape.sum("latam_ingest_items_total", "kind=\"flights\"")).isEqualTo(stored + 2);
    assertThat(Scrape.sum("latam_ingest_batches_total", "kind=\"flights\"", "outcome=\"refused\""))
        .isEqualTo(refused + 1);
    assertThat(Scrape.sum("latam_store_changes_behind")).isZero();
  }

  @Test
  void aDepartureSentTwiceIsStoredOnce() {
    Map<String, Object> known = flight("LAN", "595", "2030-02-12T10:00:00");
    long id = idOf(sendSchedule(List.of(known)), 0);
    String first = sendDepartures(List.of(departure(known, "2030-02-12T10:30:00"))).asString();

    String again = sendDepartures(List.of(departure(known, "2030-02-12T10:30:00"))).asString();

    assertThat(again).isEqualTo(first);
    given()
        .get("/v1/flights/" + id)
        .then()
        .body("actual_departure", equalTo("2030-02-12T10:30:00"));
    board("2030-02-12T09:00", 3, "2030-02-13T00:00").then().body("flights", hasSize(1));
  }

  @Test
  void aThousandFlightsAreOneBatchAndDeparturesTakeOneToAThousandToo() {
    List<Map<String, Object>> thousand = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      thousand.add(flight("AVA", Integer.toString(2000 + i), "2030-02-15T10:00:00"));
    }
    sendSchedule(thousand).then().statusCode(200).body("flights", hasSize(1000));

    sendDepartures(List.of()).then().statusCode(422).body("errors[0].field", equalTo("departures"));
    List<Map<String, Object>> tooMany = new ArrayList<>();
    for (int i = 0; i < 1001; i++) {
      tooMany.add(departure(thousand.get(i % 1000), "2030-02-15T10:10:00"));
    }
    sendDepartures(tooMany).then().statusCode(422).body("detail", containsString("got 1,001"));
  }

  @Test
  void timesOutsideTheYears1990To2099AndControlCharactersAre422NeverAFailure() {
    sendSchedule(List.of(flight("LAN", "596", "9999-12-31T23:00:00")))
        .then()
        .statusCode(422)
        .body("errors[0].field", equalTo("flights[0].scheduled_departure"));
    sendSchedule(List.of(flight("LAN", "597\u0000", "2030-02-18T10:00:00")))
        .then()
        .statusCode(422)
        .body("errors[0].field", equalTo("flights[0].flight_number"));
    Map<String, Object> known = flight("LAN", "598", "2030-02-18T10:00:00");
    sendSchedule(List.of(known)).then().statusCode(200);
    sendDepartures(
            List.of(
                with(
                    departure(known, "2030-02-18T10:10:00"),
                    "actual_departure",
                    "1960-01-01T00:00:00")))
        .then()
        .statusCode(422)
        .body("errors[0].field", equalTo("departures[0].actual_departure"));
    for (String from :
        List.of("-999999999-01-01T00:00", "%2B999999999-12-31T23:00", "%2B300000-01-01T00:00")) {
      given().urlEncodingEnabled(false).get("/v1/board?from=" + from).then().statusCode(422);
    }
    given().get("/v1/board?from=2030-02-18T09:00&as_of=2205-01-01T00:00").then().statusCode(422);
  }

  @Test
  void theBoardRefusesWindowsItCannotShowWith422() {
    for (String query :
        List.of(
            "from=tomorrow",
            "from=2030-02-06T10:00&hours=0",
            "from=2030-02-06T10:00&hours=25",
            "from=2030-02-06T10:00&hours=2.5",
            "from=2030-02-06T10:00&as_of=noon")) {
      given().get("/v1/board?" + query).then().statusCode(422).body("errors", hasSize(1));
    }
  }

  @Test
  void aBoardOfMoreFlightsThanItShowsIs422AskingForFewerHours() {
    int many = KeptBoards.MAX_FLIGHTS + 1;
    List<Map<String, Object>> day = new ArrayList<>();
    for (int i = 0; i < many; i++) {
      day.add(
          flight(
              "LAN",
              Integer.toString(10_000 + i),
              java.time.LocalDateTime.of(2031, 5, 5, 0, 0).plusMinutes(i % 1_440) + ":00"));
    }
    for (int from = 0; from < many; from += 1_000) {
      sendSchedule(day.subList(from, Math.min(many, from + 1_000))).then().statusCode(200);
    }

    given()
        .get("/v1/board?from=2031-05-05T00:00&hours=24&as_of=2031-05-04T00:00")
        .then()
        .statusCode(422)
        .body("errors[0].field", equalTo("hours"))
        .body("errors[0].detail", containsString("holds " + many + " flights"));
    given()
        .get("/v1/board?from=2031-05-05T00:00&hours=3&as_of=2031-05-04T00:00")
        .then()
        .statusCode(200)
        .body(
            "flights",
            hasSize((int) IntStream.range(0, many).filter(i -> i % 1_440 < 180).count()));
  }
}
