package org.latamml.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.latamml.testing.LoggedErrors;
import org.latamml.testing.Scrape;

/**
 * Who gets in. Each rejection answers 401 with {@code WWW-Authenticate} (or 403), the problem body,
 * and does nothing: no prediction is counted, no model is switched.
 */
@QuarkusTest
@TestProfile(AuthProfile.class)
class AuthenticationTest {
  private static final Map<String, Object> BATCH =
      Map.of(
          "flights",
          List.of(
              Map.of(
                  "airline", "Grupo LATAM",
                  "flight_type", "I",
                  "scheduled_departure", "2017-07-14T19:00:00")));

  private static JwksServer issuer() {
    return AuthTestResource.issuer;
  }

  private static Response predictWith(String authorization) {
    var request = given().contentType(ContentType.JSON).body(BATCH);
    if (authorization != null) {
      request = request.header("Authorization", authorization);
    }
    return request.post("/v1/predictions");
  }

  private static double predictionsCounted() {
    return Scrape.sum("latam_predictions_total");
  }

  private static double rejections(String reason) {
    return Scrape.sum("latam_auth_rejections_total", "reason=\"" + reason + "\"");
  }

  /**
   * Asserts a 401 with a Bearer challenge and the problem body, that nothing was predicted, and the
   * count.
   */
  private static void assertTurnedAway(String authorization, String reason) {
    double before = predictionsCounted();
    double rejectedBefore = rejections(reason);

    Response response = predictWith(authorization);

    response
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", containsString("Bearer realm=\"latam-ml-infra\""))
        .contentType("application/problem+json")
        .body("status", equalTo(401));
    assertThat(predictionsCounted()).as("predictions after a rejection").isEqualTo(before);
    assertThat(rejections(reason))
        .as("rejections counted as %s", reason)
        .isEqualTo(rejectedBefore + 1);
    String credential = authorization == null ? "" : authorization.replace("Bearer ", "").strip();
    if (!credential.isEmpty()) {
      assertThat(response.asString()).doesNotContain(credential);
    }
  }

  @Test
  void validTokenIsLetInAndPredicts() {
    double before = predictionsCounted();

    predictWith("Bearer " + issuer().valid()).then().statusCode(200);

    assertThat(predictionsCounted()).isEqualTo(before + 1);
  }

  @Test
  void expiredTokenIsRejected() {
    Instant past = Instant.now().minusSeconds(3_600);
    String token =
        issuer()
            .sign(
                issuer().current,
                c ->
                    c.issueTime(Date.from(past.minusSeconds(600))).expirationTime(Date.from(past)));

    assertTurnedAway("Bearer " + token, "expired");
  }

  @Test
  void notYetValidTokenIsRejected() {
    String token =
        issuer()
            .sign(
                issuer().current,
                c -> c.notBeforeTime(Date.from(Instant.now().plusSeconds(3_600))));

    assertTurnedAway("Bearer " + token, "not_yet_valid");
  }

  @Test
  void aTokenIssuedInTheFutureIsRejected() {
    String token =
        issuer()
            .sign(issuer().current, c -> c.issueTime(Date.from(Instant.now().plusSeconds(3_600))));

    assertTurnedAway("Bearer " + token, "not_yet_valid");
  }

  @Test
  void aTokenMadeToLiveLongerThanADayIsRejected() {
    assertTurnedAway("Bearer " + livingFor(java.time.Duration.ofDays(30)), "too_long_lived");
    predictWith("Bearer " + livingFor(java.time.Duration.ofHours(24))).then().statusCode(200);
  }

  /** A token of the issuer issued now, expiring {@code life} later. */
  private String livingFor(java.time.Duration life) {
    Instant now = Instant.now();
    return issuer()
        .sign(
            issuer().current,
            c -> c.issueTime(Date.from(now)).expirationTime(Date.from(now.plus(life))));
  }

  @Test
  void anAccessTokenIsAnInvalidTokenNotOneOfAnUnknownKey() {
    String token =
        issuer().sign(issuer().current, new com.nimbusds.jose.JOSEObjectType("at+jwt"), c -> c);

    assertTurnedAway("Bearer " + token, "invalid_token");
    assertThat(
            given()
                .header(
                    "Authorization",
                    "Bearer "
                        + issuer()
                            .sign(issuer().current, com.nimbusds.jose.JOSEObjectType.JWT, c -> c))
                .contentType(ContentType.JSON)
                .body(BATCH)
                .post("/v1/predictions")
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void tokenForAnotherAudienceIsRejected() {
    assertTurnedAway(
        "Bearer " + issuer().sign(issuer().current, c -> c.audience("https://other.test")),
        "wrong_audience");
  }

  @Test
  void tokenFromAnotherIssuerIsRejected() {
    assertTurnedAway(
        "Bearer " + issuer().sign(issuer().current, c -> c.issuer("https://evil.test")),
        "wrong_issuer");
  }

  @Test
  void tokenWithABadSignatureIsRejected() {
    assertTurnedAway("Bearer " + issuer().sign(issuer().stranger, c -> c), "bad_signature");
  }

  @Test
  void unsignedTokenIsRejected() {
    assertTurnedAway("Bearer " + issuer().unsigned(), "unsupported_algorithm");
  }

  @Test
  void hmacSignedWithThePublicKeyIsRejected() {
    assertTurnedAway("Bearer " + issuer().hmacWithPublicKey(), "unsupported_algorithm");
  }

  @Test
  void unknownKeyIsRejectedUntilTheIssuerPublishesItThenWorksWithoutRestart()
      throws InterruptedException {
    String token = issuer().sign(issuer().rotated, c -> c);
    assertTurnedAway("Bearer " + token, "unknown_key");

    issuer().rotate();

    // The keys are fetched again once the rate limit allows (AuthTestResource.JWKS_MIN_REFRESH).
    int status = 0;
    for (int i = 0; i < 50 && status != 200; i++) {
      status = predictWith("Bearer " + token).statusCode();
      if (status != 200) {
        assertThat(status).as("before the keys are fetched again").isEqualTo(401);
        Thread.sleep(100);
      }
    }
    assertThat(status).isEqualTo(200);
  }

  @Test
  void junkTokensWithRandomKeyIdsAreAll401AndAValidTokenKeepsWorking() throws Exception {
    var stranger = new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).generate();
    double before = rejections("unknown_key");

    for (int i = 0; i < 60; i++) {
      var junk =
          new com.nimbusds.jose.jwk.RSAKey.Builder(stranger)
              .keyID(java.util.UUID.randomUUID().toString())
              .build();
      Response response = predictWith("Bearer " + issuer().sign(junk, c -> c));

      assertThat(response.statusCode()).as("junk token %d", i).isEqualTo(401);
      assertThat(response.jsonPath().getString("type"))
          .isEqualTo("urn:latam-ml-infra:problem:unauthorized");
    }

    assertThat(rejections("unknown_key")).isEqualTo(before + 60);
    assertThat(Scrape.withoutDescription()).isEmpty();
    predictWith("Bearer " + issuer().valid()).then().statusCode(200);
  }

  /** A batch sent with two Authorization headers, each a valid key. */
  private static Response predictWithTwoKeys() {
    return given()
        .contentType(ContentType.JSON)
        .body(BATCH)
        .header("Authorization", "Bearer " + AuthTestResource.INVOKER_KEY)
        .header("Authorization", "Bearer " + AuthTestResource.ADMIN_KEY)
        .post("/v1/predictions");
  }

  @Test
  void severalAuthorizationHeadersAre401WithAProblemBody() {
    predictWithTwoKeys()
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .header("WWW-Authenticate", containsString("Bearer"))
        .body("detail", containsString("one Authorization header"));
  }

  @Test
  void anAuthorizationHeaderOver8KiBIs401WithAProblemBodyEvenPastTheServersDefaultLimit() {
    for (int size : new int[] {9 * 1024, 40 * 1024}) {
      given()
          .contentType(ContentType.JSON)
          .body(BATCH)
          .header("Authorization", "Bearer " + "k".repeat(size))
          .post("/v1/predictions")
          .then()
          .statusCode(401)
          .contentType("application/problem+json")
          .body("detail", containsString("over 8 KiB"));
    }
  }

  @Test
  void noHeaderIs401WithAChallenge() {
    assertTurnedAway(null, "missing");
  }

  @Test
  void malformedHeaderIsRejected() {
    assertTurnedAway("Basic dXNlcjpwYXNz", "malformed_header");
    assertTurnedAway("Bearer ", "malformed_header");
  }

  @Test
  void theChallengeNamesRfc6750sErrorOnlyForABearerCredential() {
    String realm = "Bearer realm=\"latam-ml-infra\"";
    assertThat(predictWith("Basic dXNlcjpwYXNz").header("WWW-Authenticate")).isEqualTo(realm);
    assertThat(predictWith(null).header("WWW-Authenticate")).isEqualTo(realm);
    assertThat(predictWith("Bearer ").header("WWW-Authenticate"))
        .isEqualTo(realm + ", error=\"invalid_request\"");
    assertThat(predictWith("Bearer lmk_not_a_key_of_ours_0000").header("WWW-Authenticate"))
        .isEqualTo(realm + ", error=\"invalid_token\"");
    assertThat(predictWith("Bearer " + "k".repeat(9 * 1024)).header("WWW-Authenticate"))
        .isEqualTo(realm + ", error=\"invalid_request\"");
    assertThat(predictWithTwoKeys().header("WWW-Authenticate"))
        .isEqualTo(realm + ", error=\"invalid_request\"");
  }

  @Test
  void rightApiKeyIsLetIn() {
    predictWith("Bearer " + AuthTestResource.INVOKER_KEY).then().statusCode(200);
  }

  @Test
  void wrongApiKeyIsRejected() {
    assertTurnedAway("Bearer lmk_invoker_wrong", "wrong_api_key");
  }

  @Test
  void revokedApiKeyIsRejected() {
    assertTurnedAway("Bearer " + AuthTestResource.REVOKED_KEY, "revoked_api_key");
  }

  @Test
  void invokerWithoutAdminRoleIsForbiddenToSwitchModelsAndNothingChanges() {
    String before =
        given()
            .header("Authorization", "Bearer " + AuthTestResource.INVOKER_KEY)
            .get("/v1/models")
            .jsonPath()
            .getString("served");

    given()
        .header("Authorization", "Bearer " + issuer().valid())
        .contentType(ContentType.JSON)
        .body(Map.of("version", "0.0.0"))
        .put("/v1/models/served")
        .then()
        .statusCode(403)
        .contentType("application/problem+json");
    assertThat(
            given()
                .header("Authorization", "Bearer " + AuthTestResource.INVOKER_KEY)
                .get("/v1/models")
                .jsonPath()
                .getString("served"))
        .isEqualTo(before);
    assertThat(rejections("missing_role")).isPositive();
  }

  private static int switchModelWith(String token) {
    return given()
        .header("Authorization", "Bearer " + token)
        .contentType(ContentType.JSON)
        .body(Map.of("version", "1.0.0"))
        .put("/v1/models/served")
        .statusCode();
  }

  @Test
  void anAdminEmailCountsOnlyWhenTheIssuerVerifiedIt() {
    String unverified =
        issuer()
            .sign(
                issuer().current,
                c -> c.claim("email", "deployer@example.com").claim("email_verified", false));
    String verified =
        issuer()
            .sign(
                issuer().current,
                c -> c.claim("email", "deployer@example.com").claim("email_verified", true));

    assertThat(switchModelWith(unverified)).isEqualTo(403);
    assertThat(switchModelWith(verified)).isEqualTo(200);
  }

  @Test
  void aTokenWithoutItsSignatureIsRefusedWhereCloudRunIsNotSaidToVerifyEveryRequest()
      throws Exception {
    List<String> warnings =
        LoggedErrors.during(
            java.util.logging.Level.WARNING,
            () -> {
              assertTurnedAway(
                  "Bearer " + JwksServer.withSignatureRemoved(issuer().valid()),
                  "signature_removed");
              return null;
            });

    // The SRE who deployed behind Cloud Run's IAM check is told what to set, once a service: no
    // other test of this profile may send a token without its signature first.
    assertThat(warnings).anyMatch(w -> w.contains("LATAM_AUTH_OIDC_VERIFIED_BY_CLOUD_RUN=true"));
  }

  @Test
  void aTokenMissingARequiredClaimIsInvalidNotFromAnotherIssuer() {
    assertTurnedAway(
        "Bearer " + issuer().sign(issuer().current, c -> c.subject(null)), "invalid_token");
  }

  @Test
  void adminMaySwitchTheServedModel() {
    given()
        .header("Authorization", "Bearer " + AuthTestResource.ADMIN_KEY)
        .contentType(ContentType.JSON)
        .body(Map.of("version", "1.0.0"))
        .put("/v1/models/served")
        .then()
        .statusCode(200)
        .body("served", equalTo("1.0.0"));
    given()
        .header("Authorization", "Bearer " + AuthTestResource.ADMIN_KEY)
        .contentType(ContentType.JSON)
        .body(Map.of("version", "7.7.7"))
        .put("/v1/models/served")
        .then()
        .statusCode(404);
  }

  @Test
  void anInvokerMayReadTheRolloutButNotChangeOrRollItBack() {
    var asInvoker = given().header("Authorization", "Bearer " + AuthTestResource.INVOKER_KEY);
    Object before =
        asInvoker.get("/v1/rollout").then().statusCode(200).extract().path("rollout.id");
    assertThat(before).isNotNull();

    given()
        .header("Authorization", "Bearer " + AuthTestResource.INVOKER_KEY)
        .contentType(ContentType.JSON)
        .body(Map.of("champion", "1.0.0"))
        .put("/v1/rollout")
        .then()
        .statusCode(403)
        .contentType("application/problem+json");
    given()
        .header("Authorization", "Bearer " + AuthTestResource.INVOKER_KEY)
        .post("/v1/rollout/rollback")
        .then()
        .statusCode(403);
    given()
        .header("Authorization", "Bearer " + AuthTestResource.FEEDER_KEY)
        .get("/v1/rollout")
        .then()
        .statusCode(403);
    assertThat(
            given()
                .header("Authorization", "Bearer " + AuthTestResource.INVOKER_KEY)
                .get("/v1/rollout")
                .then()
                .extract()
                .<Object>path("rollout.id"))
        .isEqualTo(before);
  }

  @Test
  void aModelUploadIsRefusedByAuthenticationBeforeItsFormIsRead() {
    String noBoundary = "multipart/form-data";
    byte[] form = "--x\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    given().contentType(noBoundary).body(form).post("/v1/models").then().statusCode(401);
    given()
        .header("Authorization", "Bearer " + AuthTestResource.INVOKER_KEY)
        .contentType(noBoundary)
        .body(form)
        .post("/v1/models")
        .then()
        .statusCode(403);
    given()
        .header("Authorization", "Bearer " + AuthTestResource.ADMIN_KEY)
        .contentType(noBoundary)
        .body(form)
        .post("/v1/models")
        .then()
        .statusCode(400)
        .body("type", equalTo("urn:latam-ml-infra:problem:malformed-form"));
  }

  @Test
  void onlyAdminMayImportFlights() {
    var asInvoker = given().header("Authorization", "Bearer " + AuthTestResource.INVOKER_KEY);
    asInvoker
        .contentType(ContentType.JSON)
        .body(Map.of("file", "flights.csv"))
        .post("/v1/flights/import")
        .then()
        .statusCode(403);

    var asAdmin = given().header("Authorization", "Bearer " + AuthTestResource.ADMIN_KEY);
    asAdmin
        .contentType(ContentType.JSON)
        .body(Map.of("file", "flights.csv"))
        .post("/v1/flights/import")
        .then()
        .statusCode(200)
        .body("rows", equalTo(40))
        .body("changed", equalTo(false));
  }

  /** The status of an empty batch sent with {@code authorization}: 422 once let in. */
  private static int sendEmptyBatch(String authorization, String path) {
    String body =
        path.equals("/v1/events/pubsub")
            ? "{\"message\": null}"
            : path.equals("/v1/flights") ? "{\"flights\": []}" : "{\"departures\": []}";
    return send(authorization, path, body);
  }

  /** The status of {@code body} posted as JSON to {@code path} with {@code authorization}. */
  private static int send(String authorization, String path, Object body) {
    return given()
        .header("Authorization", authorization)
        .contentType(ContentType.JSON)
        .body(body)
        .post(path)
        .then()
        .extract()
        .statusCode();
  }

  @Test
  void onlyFeedersAndAdminsMaySendSchedulesAndDepartures() {
    for (String path : List.of("/v1/flights", "/v1/departures", "/v1/events/pubsub")) {
      assertThat(sendEmptyBatch("Bearer " + AuthTestResource.INVOKER_KEY, path))
          .as("an invoker on %s", path)
          .isEqualTo(403);
      assertThat(sendEmptyBatch("Bearer " + AuthTestResource.FEEDER_KEY, path))
          .as("a feeder on %s", path)
          .isEqualTo(422);
      assertThat(sendEmptyBatch("Bearer " + AuthTestResource.ADMIN_KEY, path))
          .as("an admin on %s", path)
          .isEqualTo(422);
    }
  }

  @Test
  void aFeederMayNotPredictNorReadTheBoard() {
    given()
        .header("Authorization", "Bearer " + AuthTestResource.FEEDER_KEY)
        .get("/v1/board?from=2017-01-01T06:00")
        .then()
        .statusCode(403);
    // Routes the event loop answers for a caller with their roles: a feeder is sent on to the
    // resource, which refuses it.
    given()
        .header("Authorization", "Bearer " + AuthTestResource.FEEDER_KEY)
        .get("/check-flight?Vlo_l=1")
        .then()
        .statusCode(403);
    Map<String, Object> challenge =
        Map.of("flights", List.of(Map.of("OPERA", "Grupo LATAM", "TIPOVUELO", "I", "MES", 7)));
    assertThat(send("Bearer " + AuthTestResource.FEEDER_KEY, "/predict", challenge)).isEqualTo(403);
    assertThat(send("Bearer " + AuthTestResource.INVOKER_KEY, "/predict", challenge))
        .isEqualTo(200);
  }

  @Test
  void thePushSubscriptionsVerifiedAccountIsAFeederAndNothingElse() {
    String push =
        issuer()
            .sign(
                issuer().current,
                c -> c.claim("email", AuthTestResource.PUSH_ACCOUNT).claim("email_verified", true));
    String someoneElse =
        issuer()
            .sign(
                issuer().current,
                c -> c.claim("email", "someone@example.com").claim("email_verified", true));

    assertThat(sendEmptyBatch("Bearer " + push, "/v1/events/pubsub")).isEqualTo(422);
    assertThat(sendEmptyBatch("Bearer " + someoneElse, "/v1/events/pubsub")).isEqualTo(403);
    // Every other signed-in caller is an invoker by default; the feeder is not.
    Map<String, Object> challenge =
        Map.of("flights", List.of(Map.of("OPERA", "Grupo LATAM", "TIPOVUELO", "I", "MES", 7)));
    assertThat(send("Bearer " + push, "/predict", challenge)).isEqualTo(403);
    assertThat(send("Bearer " + someoneElse, "/predict", challenge)).isEqualTo(200);
  }

  @Test
  void importRefusesALinkInTheImportFolderToAFileElsewhere() throws Exception {
    // The tests' import folder is src/test/resources; the link lives there only during the test.
    java.nio.file.Path outside = java.nio.file.Files.createTempFile("flights", ".csv");
    java.nio.file.Path link = java.nio.file.Path.of("src/test/resources/outside-link.csv");
    try {
      java.nio.file.Files.copy(
          java.nio.file.Path.of("src/test/resources/flights.csv"),
          outside,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      java.nio.file.Files.createSymbolicLink(link, outside);

      given()
          .header("Authorization", "Bearer " + AuthTestResource.ADMIN_KEY)
          .contentType(ContentType.JSON)
          .body(Map.of("file", "outside-link.csv", "replace", true))
          .post("/v1/flights/import")
          .then()
          .statusCode(404)
          .body("detail", equalTo("outside-link.csv is not in the import folder"));
    } finally {
      java.nio.file.Files.deleteIfExists(link);
      java.nio.file.Files.deleteIfExists(outside);
    }
  }

  @Test
  void importTakesOnlyFileNamesFromTheImportFolder() {
    for (String file : List.of("../pom.xml", "/etc/passwd", ".hidden")) {
      given()
          .header("Authorization", "Bearer " + AuthTestResource.ADMIN_KEY)
          .contentType(ContentType.JSON)
          .body(Map.of("file", file))
          .post("/v1/flights/import")
          .then()
          .statusCode(422);
    }
    given()
        .header("Authorization", "Bearer " + AuthTestResource.ADMIN_KEY)
        .contentType(ContentType.JSON)
        .body(Map.of("file", "absent.csv"))
        .post("/v1/flights/import")
        .then()
        .statusCode(404);
  }

  @Test
  void healthDocsAndOpenApiStayOpen() {
    given().get("/q/health/ready").then().statusCode(200);
    given().get("/health").then().statusCode(200);
    given().get("/openapi.json").then().statusCode(200);
    given().get("/docs/").then().statusCode(200);
    given().get("/metrics").then().statusCode(200);
  }
}
