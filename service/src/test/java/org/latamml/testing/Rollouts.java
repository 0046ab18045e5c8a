package org.latamml.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;

/** Sets the rollout through the API, as an admin does. */
public final class Rollouts {
  private Rollouts() {}

  /** {@code PUT /v1/rollout} with this body. */
  public static Response put(Map<String, Object> rollout) {
    return given().contentType(ContentType.JSON).body(rollout).put("/v1/rollout");
  }

  /** A rollout of this champion alone, checked to be in force. */
  public static void serveAlone(String champion) {
    put(Map.of("champion", champion)).then().statusCode(200);
  }
}
