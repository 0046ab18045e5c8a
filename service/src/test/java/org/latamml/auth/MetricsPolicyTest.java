package org.latamml.auth;

import static io.restassured.RestAssured.given;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(MetricsPolicyTest.ScrapeAuthenticated.class)
class MetricsPolicyTest {
  /** Authentication required, and LATAM_METRICS_POLICY=authenticated. */
  public static final class ScrapeAuthenticated implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("quarkus.http.auth.permission.metrics.policy", "authenticated");
    }

    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(AuthTestResource.class));
    }
  }

  @Test
  void theScrapeAndEveryPathUnderItAskForACredential() {
    for (String path : List.of("/metrics", "/metrics/", "/metrics/x")) {
      given().get(path).then().statusCode(401);
    }
    given()
        .header("Authorization", "Bearer " + AuthTestResource.INVOKER_KEY)
        .get("/metrics")
        .then()
        .statusCode(200);
  }
}
