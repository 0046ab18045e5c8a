package org.latamml.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** Readiness is answered from state the service keeps current, never from a query per probe. */
@QuarkusTest
class ReadinessTest {
  @Inject AgroalDataSource dataSource;

  @Test
  void readinessProbesBorrowNoDatabaseConnection() {
    long before = dataSource.getMetrics().acquireCount();

    for (int i = 0; i < 20; i++) {
      given().get("/q/health/ready").then().statusCode(200);
    }

    assertThat(dataSource.getMetrics().acquireCount()).isEqualTo(before);
  }
}
