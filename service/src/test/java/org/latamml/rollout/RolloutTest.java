package org.latamml.rollout;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.latamml.prediction.ShadowScoring;
import org.latamml.predictionlog.PredictionLog;
import org.latamml.testing.FlightRequests;
import org.latamml.testing.LiveFeed;

/**
 * The rollout: set, served, shown with its history and rolled back; a canary's share of flights
 * answered by the challenger, each flight always by the same version; a shadow challenger's answers
 * logged, never returned; a version that cannot load leaving the rollout as it was.
 */
@QuarkusTest
@TestProfile(RolloutTest.ServingOneOneZero.class)
class RolloutTest {
  private static final String CHAMPION = "1.1.0";
  private static final String CHALLENGER = "1.0.0";

  /** A store of its own, starting from 1.1.0 as {@code version.txt} names it. */
  public static final class ServingOneOneZero implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return LiveFeed.emptyStoreServing("rollout", CHAMPION);
    }
  }

  @Inject PredictionLog log;
  @Inject ShadowScoring shadow;

  private static Response putRollout(Map<String, Object> body) {
    return given().contentType(ContentType.JSON).body(body).put("/v1/rollout");
  }

  private static Map<String, Object> canary(double share) {
    return challengerWith("canary", share);
  }

  private static Map<String, Object> challengerWith(String mode, double share) {
    return Map.of(
        "champion", CHAMPION, "challenger", CHALLENGER, "challenger_share", share, "mode", mode);
  }

  private static List<Map<String, Object>> distinctFlights(int first, int count) {
    return FlightRequests.distinct(first, count);
  }

  private static List<String> versionsAnswering(List<Map<String, Object>> flights) {
    List<String> versions = new ArrayList<>();
    for (int from = 0; from < flights.size(); from += 1_000) {
      List<Map<String, Object>> batch =
          flights.subList(from, Math.min(flights.size(), from + 1_000));
      versions.addAll(
          given()
              .contentType(ContentType.JSON)
              .body(Map.of("flights", batch))
              .post("/v1/predictions")
              .then()
              .statusCode(200)
              .extract()
              .jsonPath()
              .getList("predictions.model_version", String.class));
    }
    return versions;
  }

  @Test
  void aCanaryOfOneTenthAnswersATenthOfDistinctFlightsEachAlwaysByTheSameVersion() {
    putRollout(canary(0.1)).then().statusCode(200).body("rollout.challenger_share", equalTo(0.1f));
    List<Map<String, Object>> flights = distinctFlights(0, 10_000);

    List<String> first = versionsAnswering(flights);
    List<String> again = versionsAnswering(flights);

    long byChallenger = first.stream().filter(CHALLENGER::equals).count();
    assertThat(byChallenger).isBetween(900L, 1_100L);
    assertThat(first).containsOnly(CHAMPION, CHALLENGER);
    assertThat(again).isEqualTo(first);
  }

  @Test
  void raisingTheShareKeepsTheFlightsTheChallengerHad() {
    List<Map<String, Object>> flights = distinctFlights(20_000, 2_000);
    putRollout(canary(0.1)).then().statusCode(200);
    List<String> atTenth = versionsAnswering(flights);
    putRollout(canary(0.5)).then().statusCode(200);
    List<String> atHalf = versionsAnswering(flights);

    for (int i = 0; i < flights.size(); i++) {
      if (atTenth.get(i).equals(CHALLENGER)) {
        assertThat(atHalf.get(i)).as("flight %d", i).isEqualTo(CHALLENGER);
      }
    }
    assertThat(atHalf.stream().filter(CHALLENGER::equals).count())
        .isGreaterThan(2 * atTenth.stream().filter(CHALLENGER::equals).count());
  }

  @Test
  void everyAnswerNamesItsVersionsInTheHeader() {
    putRollout(canary(0.5)).then().statusCode(200);
    List<Map<String, Object>> flights = distinctFlights(40_000, 200);
    Response answer =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("flights", flights))
            .post("/v1/predictions");
    answer.then().statusCode(200);
    List<String> versions = answer.jsonPath().getList("predictions.model_version", String.class);
    assertThat(answer.header("X-Model-Version").split(", "))
        .containsExactlyInAnyOrderElementsOf(versions.stream().distinct().toList());

    Response one =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("flights", flights.subList(0, 1)))
            .post("/v1/predictions");
    assertThat(one.header("X-Model-Version"))
        .isEqualTo(one.jsonPath().getString("predictions[0].model_version"));
  }

  @Test
  void aShadowChallengerIsLoggedAndNeverAnswers() throws InterruptedException {
    putRollout(Map.of("champion", CHAMPION, "challenger", CHALLENGER, "mode", "shadow"))
        .then()
        .statusCode(200)
        .body("rollout.mode", equalTo("shadow"));
    List<Map<String, Object>> flights = distinctFlights(60_000, 300);
    String before = java.time.Instant.now().minusSeconds(1).toString();

    Response answer =
        given()
            .contentType(ContentType.JSON)
            .header("X-Request-Id", "shadow-test-request-1")
            .body(Map.of("flights", flights))
            .post("/v1/predictions");

    answer.then().statusCode(200).header("X-Model-Version", CHAMPION);
    assertThat(answer.jsonPath().getList("predictions.model_version", String.class))
        .containsOnly(CHAMPION);
    assertThat(shadow.drain(10_000)).isTrue();
    assertThat(log.flush(10_000)).isTrue();
    JsonPath logged =
        given()
            .queryParam("model_version", CHALLENGER)
            .queryParam("from", before)
            .queryParam("limit", 10_000)
            .get("/v1/predictions/log")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    List<Map<String, Object>> mine =
        logged.<Map<String, Object>>getList("entries").stream()
            .filter(e -> "shadow-test-request-1".equals(e.get("request_id")))
            .toList();
    assertThat(mine).hasSize(flights.size());
    assertThat(mine).allSatisfy(e -> assertThat(e.get("shadow")).isEqualTo(true));
    JsonPath served =
        given()
            .queryParam("model_version", CHAMPION)
            .queryParam("from", before)
            .queryParam("limit", 10_000)
            .get("/v1/predictions/log")
            .jsonPath();
    assertThat(
            served.<Map<String, Object>>getList("entries").stream()
                .filter(e -> "shadow-test-request-1".equals(e.get("request_id")))
                .filter(e -> Boolean.FALSE.equals(e.get("shadow"))))
        .hasSize(flights.size());
  }

  @Test
  void aRollbackReturnsToTheRolloutBeforeAndTheHistorySaysWhoAndWhen() {
    putRollout(Map.of("champion", CHALLENGER)).then().statusCode(200);
    putRollout(canary(0.2)).then().statusCode(200);

    JsonPath back =
        given().post("/v1/rollout/rollback").then().statusCode(200).extract().jsonPath();

    assertThat(back.getString("rollout.champion")).isEqualTo(CHALLENGER);
    assertThat(back.getString("rollout.challenger")).isNull();
    assertThat(back.getString("rollout.action")).isEqualTo("rollback");
    assertThat(back.getLong("served_here")).isEqualTo(back.getLong("rollout.id"));
    assertThat(back.getString("history[1].challenger")).isEqualTo(CHALLENGER);
    assertThat(back.getString("history[1].set_by")).isNotBlank();
    assertThat(back.getString("history[1].set_at")).isNotBlank();
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("flights", distinctFlights(80_000, 1)))
        .post("/v1/predictions")
        .then()
        .header("X-Model-Version", CHALLENGER);
  }

  @Test
  void aRollbackNamesTheRolloutItRestoredAndWhatAFurtherRollbackReturnsTo() {
    long first =
        putRollout(Map.of("champion", CHALLENGER))
            .then()
            .extract()
            .jsonPath()
            .getLong("rollout.id");
    long second = putRollout(canary(0.2)).then().extract().jsonPath().getLong("rollout.id");

    JsonPath back =
        given().post("/v1/rollout/rollback").then().statusCode(200).extract().jsonPath();

    assertThat(back.getLong("rollout.id")).isEqualTo(second + 1);
    assertThat(back.getLong("rollout.restored_id")).isEqualTo(first);
    assertThat(back.getLong("rollout.previous_id")).isEqualTo(first - 1);
    assertThat(back.getString("history[1].restored_id")).isNull();
    assertThat(
            given().get("/v1/rollout").then().extract().jsonPath().getLong("rollout.restored_id"))
        .as("as stored, read again")
        .isEqualTo(first);
  }

  @Test
  void aVersionThatCannotLoadLeavesTheRolloutAsItWas() {
    putRollout(Map.of("champion", CHAMPION)).then().statusCode(200);
    long before = given().get("/v1/rollout").jsonPath().getLong("rollout.id");

    putRollout(Map.of("champion", CHAMPION, "challenger", "9.9.9", "challenger_share", 0.1))
        .then()
        .statusCode(404)
        .body("detail", containsString("9.9.9"))
        .body("detail", not(containsString("/")));

    given()
        .get("/v1/rollout")
        .then()
        .body("rollout.id", equalTo((int) before))
        .body("rollout.challenger", nullValue());
  }

  @Test
  void rejectsAShareAboveOneAndUnknownFieldsWith422() {
    putRollout(
            Map.of(
                "champion",
                CHAMPION,
                "challenger",
                CHALLENGER,
                "challenger_share",
                1.5,
                "shares",
                2))
        .then()
        .statusCode(422)
        .body("errors.field", hasItem("challenger_share"))
        .body("errors.field", hasItem("shares"));
    putRollout(Map.of("champion", CHAMPION, "challenger", CHALLENGER))
        .then()
        .statusCode(422)
        .body("errors.field", hasItem("challenger_share"));
    putRollout(Map.of("champion", CHAMPION, "challenger", CHAMPION, "mode", "shadow"))
        .then()
        .statusCode(422)
        .body("errors.field", hasItem("challenger"));
  }

  @Test
  void aShadowWithAShareOtherThanOneIs422AndWithOneIsTaken() {
    putRollout(challengerWith("shadow", 0.1))
        .then()
        .statusCode(422)
        .body("errors[0].field", equalTo("challenger_share"))
        .body("errors[0].detail", containsString("shadow"));
    putRollout(challengerWith("shadow", 1))
        .then()
        .statusCode(200)
        .body("rollout.challenger_share", equalTo(1.0f));
  }

  @Test
  void aVersionThatIsNotOneIs422WithoutNamingIt() {
    String secret = "SECRET<script>";
    List<io.restassured.response.Response> answers =
        List.of(
            putRollout(Map.of("champion", secret)),
            given()
                .contentType(ContentType.JSON)
                .body(Map.of("version", secret))
                .put("/v1/models/served"),
            given().urlEncodingEnabled(true).get("/v1/models/{v}", secret),
            given().get("/v1/models/{v}/quality", secret));
    for (io.restassured.response.Response answer : answers) {
      answer.then().statusCode(422).body(containsString("must be a version like 1.0.0"));
      // The path is the problem's instance; its detail and field errors do not name it back.
      String said =
          answer.jsonPath().getString("detail") + answer.jsonPath().getList("errors.detail");
      assertThat(said).doesNotContain("SECRET");
    }
  }

  @Test
  void servingOneVersionThroughTheOldRouteIsAChampionAlone() {
    putRollout(canary(0.3)).then().statusCode(200);

    given()
        .contentType(ContentType.JSON)
        .body(Map.of("version", CHALLENGER))
        .put("/v1/models/served")
        .then()
        .statusCode(200)
        .body("served", equalTo(CHALLENGER));

    given()
        .get("/v1/rollout")
        .then()
        .body("rollout.champion", equalTo(CHALLENGER))
        .body("rollout.challenger", nullValue());
  }

  @Test
  void aModelWhoseCardCarriesNoTermsIsNotExplainedAndSaysSo() {
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("version", CHALLENGER))
        .put("/v1/models/served")
        .then()
        .statusCode(200);

    given()
        .contentType(ContentType.JSON)
        .body(Map.of("flights", distinctFlights(0, 1)))
        .post("/v1/predictions?explain=true")
        .then()
        .statusCode(422)
        .body("type", equalTo("urn:latam-ml-infra:problem:not-explainable"))
        .body("detail", containsString("model 1.0.0 (logreg) has no explanation"));
  }

  @Test
  void rollingBackTheFirstRolloutIsAConflict() {
    // Walk back to the first rollout; then there is nothing before it.
    Map<String, Object> status = new HashMap<>();
    for (int i = 0; i < 200; i++) {
      Response back = given().post("/v1/rollout/rollback");
      status.put("last", back.statusCode());
      if (back.statusCode() == 409) {
        back.then().body("detail", containsString("first"));
        break;
      }
    }
    assertThat(status.get("last")).isEqualTo(409);
    given().get("/v1/rollout").then().body("rollout.champion", equalTo(CHAMPION));
  }

  @Test
  void aChangeMadeOnTheRolloutInForceIsTakenAndAnsweredWithTheNextOnesTag() {
    putRollout(Map.of("champion", CHAMPION)).then().statusCode(200);
    Response read = given().get("/v1/rollout");
    long inForce = read.jsonPath().getLong("rollout.id");
    assertThat(read.header("ETag")).isEqualTo("\"" + inForce + "\"");

    Response changed =
        given()
            .header("If-Match", read.header("ETag"))
            .contentType(ContentType.JSON)
            .body(canary(0.3))
            .put("/v1/rollout");

    changed.then().statusCode(200).body("rollout.id", equalTo((int) inForce + 1));
    assertThat(changed.header("ETag")).isEqualTo("\"" + (inForce + 1) + "\"");
    Response back = given().header("If-Match", changed.header("ETag")).post("/v1/rollout/rollback");
    back.then().statusCode(200).body("rollout.challenger", nullValue());
    given()
        .header("If-Match", "*")
        .contentType(ContentType.JSON)
        .body(Map.of("champion", CHAMPION))
        .put("/v1/rollout")
        .then()
        .statusCode(200);
  }

  @Test
  void aChangeMadeOnARolloutNoLongerInForceIs412AndChangesNothing() {
    putRollout(Map.of("champion", CHAMPION)).then().statusCode(200);
    String seen = given().get("/v1/rollout").header("ETag");
    // A colleague's change comes between the reading and the change.
    putRollout(Map.of("champion", CHALLENGER)).then().statusCode(200);
    long theirs = given().get("/v1/rollout").jsonPath().getLong("rollout.id");

    given()
        .header("If-Match", seen)
        .contentType(ContentType.JSON)
        .body(canary(0.5))
        .put("/v1/rollout")
        .then()
        .statusCode(412)
        .body("type", equalTo("urn:latam-ml-infra:problem:precondition-failed"))
        .body("detail", containsString("#" + theirs));
    given().header("If-Match", seen).post("/v1/rollout/rollback").then().statusCode(412);

    given()
        .get("/v1/rollout")
        .then()
        .body("rollout.id", equalTo((int) theirs))
        .body("rollout.champion", equalTo(CHALLENGER));
  }

  @Test
  void ofTwoChangesMadeAtOnceOnOneRolloutOneIsTakenAndTheOther412() {
    putRollout(Map.of("champion", CHAMPION)).then().statusCode(200);
    String seen = given().get("/v1/rollout").header("ETag");

    List<Integer> statuses =
        Stream.of(canary(0.1), canary(0.2))
            .map(body ->
                CompletableFuture.supplyAsync(() ->
                    given()
                        .header("If-Match", seen)
                        .contentType(ContentType.JSON)
                        .body(body)
                        .put("/v1/rollout")
                        .statusCode()))
            .toList()
            .stream()
            .map(CompletableFuture::join)
            .sorted()
            .toList();

    assertThat(statuses).containsExactly(200, 412);
  }

  @Test
  void anIfMatchIsReadAsEntityTagsComparedStrongly() {
    putRollout(Map.of("champion", CHAMPION)).then().statusCode(200);
    long inForce = given().get("/v1/rollout").jsonPath().getLong("rollout.id");
    Map<String, Integer> statuses = new LinkedHashMap<>();
    for (String ifMatch :
        List.of(
            Long.toString(inForce),
            "\"" + inForce,
            "\"1\" \"" + inForce + "\"",
            "W/\"" + inForce + "\"",
            "\"abc\"",
            "\"0" + inForce + "\"",
            "\"1\", \"" + inForce + "\"")) {
      statuses.put(
          ifMatch,
          given()
              .header("If-Match", ifMatch)
              .contentType(ContentType.JSON)
              .body(Map.of("champion", CHAMPION))
              .put("/v1/rollout")
              .statusCode());
      inForce = given().get("/v1/rollout").jsonPath().getLong("rollout.id");
    }

    // Unquoted, unclosed, without a comma: malformed; a weak tag, another tag or another spelling
    // of
    // the id: well formed, and not the rollout in force; a list naming it: taken.
    assertThat(statuses.values()).containsExactly(400, 400, 400, 412, 412, 412, 200);
    given()
        .header("If-Match", "nope")
        .post("/v1/rollout/rollback")
        .then()
        .statusCode(400)
        .body("type", equalTo("urn:latam-ml-infra:problem:malformed-if-match"));
  }
}
