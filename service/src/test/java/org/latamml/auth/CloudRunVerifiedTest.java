package org.latamml.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.latamml.testing.Scrape;

/**
 * Behind Cloud Run's IAM check, which verifies each Google ID token and removes its signature
 * before the service sees it: such a token is taken, its claims still checked.
 */
@QuarkusTest
@TestProfile(CloudRunVerifiedTest.BehindCloudRunsIamCheck.class)
class CloudRunVerifiedTest {
  /** Authentication required, and LATAM_AUTH_OIDC_VERIFIED_BY_CLOUD_RUN=true. */
  public static final class BehindCloudRunsIamCheck implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("latam.auth.oidc.verified-by-cloud-run", "true");
    }

    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(AuthTestResource.class));
    }
  }

  private static JwksServer issuer() {
    return AuthTestResource.issuer;
  }

  private static double rejections(String reason) {
    return Scrape.sum("latam_auth_rejections_total", "reason=\"" + reason + "\"");
  }

  /** {@code GET /v1/caller} with Cloud Run's {@code Authorization}, and any other headers. */
  private static Response callerWith(String token, String... headers) {
    var request = given().header("Authorization", "Bearer " + token);
    for (int i = 0; i < headers.length; i += 2) {
      request = request.header(headers[i], headers[i + 1]);
    }
    return request.get("/v1/caller");
  }

  @Test
  void aTokenCloudRunVerifiedIsTakenWithItsRoles() {
    String admin =
        issuer()
            .sign(
                issuer().current,
                c -> c.claim("email", "deployer@example.com").claim("email_verified", true));

    callerWith(JwksServer.withSignatureRemoved(issuer().valid()))
        .then()
        .statusCode(200)
        .body("name", equalTo("ops-service-account"))
        .body("roles", equalTo(List.of("invoker")));
    callerWith(JwksServer.withSignatureRemoved(admin))
        .then()
        .statusCode(200)
        .body("roles", hasItem("admin"));
  }

  @Test
  void itsClaimsAreStillChecked() {
    Date hourAgo = Date.from(Instant.now().minusSeconds(3_600));
    String expired =
        issuer().sign(issuer().current, c -> c.issueTime(hourAgo).expirationTime(hourAgo));
    String elsewhere = issuer().sign(issuer().current, c -> c.audience("https://other.test"));

    double expiredBefore = rejections("expired");
    double elsewhereBefore = rejections("wrong_audience");

    callerWith(JwksServer.withSignatureRemoved(expired)).then().statusCode(401);
    callerWith(JwksServer.withSignatureRemoved(elsewhere)).then().statusCode(401);

    assertThat(rejections("expired")).isEqualTo(expiredBefore + 1);
    assertThat(rejections("wrong_audience")).isEqualTo(elsewhereBefore + 1);
  }

  @Test
  void besideXServerlessAuthorizationItIsNobodysCheckAndRefused() {
    // Cloud Run verified the other header and passed Authorization on as the caller wrote it.
    String forged =
        JwksServer.withSignatureRemoved(
            issuer()
                .sign(
                    issuer().stranger,
                    c -> c.claim("email", "deployer@example.com").claim("email_verified", true)));

    double before = rejections("signature_removed");

    callerWith(forged, "X-Serverless-Authorization", "Bearer " + issuer().valid())
        .then()
        .statusCode(401);

    assertThat(rejections("signature_removed")).isEqualTo(before + 1);
  }

  @Test
  void aSignedTokenIsStillVerifiedByItsSignature() {
    callerWith(issuer().valid()).then().statusCode(200);
    callerWith(issuer().sign(issuer().stranger, c -> c)).then().statusCode(401);
  }
}
