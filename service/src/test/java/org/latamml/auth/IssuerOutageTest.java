package org.latamml.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * When the issuer's keys cannot be fetched, a token cannot be checked: the service answers 503 with
 * Retry-After (its fault, counted against availability), not 401 (the caller's).
 */
@QuarkusTest
@TestProfile(IssuerOutageTest.UnreachableIssuer.class)
class IssuerOutageTest {
  /** Tokens required, the issuer's JWKS on a port where nothing listens. */
  public static final class UnreachableIssuer implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "latam.auth.mode", "required",
          "latam.auth.oidc.issuer", JwksServer.ISSUER,
          "latam.auth.oidc.audience", JwksServer.AUDIENCE,
          "latam.auth.oidc.jwks-url", "http://127.0.0.1:9/jwks",
          "latam.auth.oidc.jwks-min-refresh", "30s");
    }
  }

  @Test
  void aTokenThatCannotBeCheckedIs503WithRetryAfterAgainWhileTheRateLimitHolds() throws Exception {
    RSAKey key = new RSAKeyGenerator(2048).keyID("key-1").generate();
    com.nimbusds.jwt.SignedJWT jwt =
        new com.nimbusds.jwt.SignedJWT(
            new com.nimbusds.jose.JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.RS256)
                .keyID("key-1")
                .build(),
            JwksServer.validClaims().build());
    jwt.sign(new com.nimbusds.jose.crypto.RSASSASigner(key));

    // The first fails to fetch the keys; the second comes within the rate limit, with the last
    // fetch failed: still the service's fault.
    for (int i = 0; i < 2; i++) {
      given()
          .header("Authorization", "Bearer " + jwt.serialize())
          .get("/v1/models")
          .then()
          .statusCode(503)
          .header("Retry-After", equalTo("5"))
          .contentType("application/problem+json")
          .body("type", equalTo("urn:latam-ml-infra:problem:keys-unavailable"));
    }
  }
}
