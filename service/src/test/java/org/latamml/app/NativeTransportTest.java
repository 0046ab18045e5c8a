package org.latamml.app;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** On Linux, the platforms the image is built for, the server runs on Netty's epoll transport. */
@QuarkusTest
class NativeTransportTest {
  @Inject Vertx vertx;

  @Test
  void servesOnNettysEpollTransportOnLinux() {
    assumeTrue(
        System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("linux")
            && Set.of("amd64", "x86_64", "aarch64").contains(System.getProperty("os.arch")),
        "Netty's epoll transport is built for Linux on x86-64 and aarch64 only");

    assertThat(vertx.isNativeTransportEnabled())
        .as("native transport (cause: %s)", vertx.unavailableNativeTransportCause())
        .isTrue();
    given().get("/check-flight?Vlo_l=5").then().statusCode(200);
  }
}
