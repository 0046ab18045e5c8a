package org.latamml.app;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.incubator.channel.uring.IOUring;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.impl.launcher.commands.VersionCommand;
import io.vertx.core.impl.transports.EpollTransport;
import io.vertx.core.impl.transports.JDKTransport;
import io.vertx.uring.IOUringTransport;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * On Linux, the platforms the image is built for, the server runs on Netty's io_uring transport
 * where the kernel allows it, else on epoll.
 */
@QuarkusTest
class NativeTransportTest {
  @Inject Vertx vertx;

  @Test
  void servesOnIoUringWhereTheKernelAllowsItElseOnEpoll() {
    assumeTrue(
        System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("linux")
            && Set.of("amd64", "x86_64", "aarch64").contains(System.getProperty("os.arch")),
        "Netty's native transports are built for Linux on x86-64 and aarch64 only");

    assertThat(vertx.isNativeTransportEnabled())
        .as("native transport (cause: %s)", vertx.unavailableNativeTransportCause())
        .isTrue();
    assertThat(((VertxInternal) vertx).transport().getClass().getSimpleName())
        .as("the transport (io_uring unavailable: %s)", IOUring.unavailabilityCause())
        .isEqualTo(IOUring.isAvailable() ? "IOUringTransport" : "EpollTransport");
    // A kernel may refuse io_uring; a library that does not link with its classes is a build's
    // fault, which would otherwise pass here on epoll.
    for (Throwable cause = IOUring.unavailabilityCause(); cause != null; cause = cause.getCause()) {
      assertThat(cause).as("why io_uring is unavailable").isNotInstanceOf(LinkageError.class);
    }
    given().get("/check-flight?Vlo_l=5").then().statusCode(200);
  }

  @Test
  void takesVertxsIoUringTransportOfTheVersionQuarkusRuns() throws IOException {
    Properties incubator = new Properties();
    try (InputStream in =
        IOUringTransport.class
            .getClassLoader()
            .getResourceAsStream(
                "META-INF/maven/io.vertx/vertx-io_uring-incubator/pom.properties")) {
      assertThat(in).as("vertx-io_uring-incubator's pom.properties").isNotNull();
      incubator.load(in);
    }

    assertThat(incubator.getProperty("version"))
        .as("vertx-io_uring-incubator's version in service/pom.xml")
        .isEqualTo(VersionCommand.getVersion());
  }

  @Test
  void saysWhichTransportItRunsOnAndWhyNotIoUring() {
    assertThat(NetworkTransport.describe(new EpollTransport()))
        .startsWith("HTTP server on Netty's epoll transport (io_uring unavailable: ");
    assertThat(NetworkTransport.describe(JDKTransport.INSTANCE))
        .startsWith("HTTP server on the JDK's selector (io_uring unavailable: ");
  }
}
