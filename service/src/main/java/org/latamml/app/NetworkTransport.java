package org.latamml.app;

import io.netty.incubator.channel.uring.IOUring;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.spi.transport.Transport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Says at start which transport the HTTP server runs on: io_uring where the kernel allows it, else
 * epoll, else the JDK's selector. Vert.x falls back without a word (a container's default seccomp
 * profile, or Cloud Run's first generation, refuses io_uring), and the two differ by a tenth of the
 * throughput (docs/PERFORMANCE.md, "io_uring").
 */
@ApplicationScoped
class NetworkTransport {
  private static final Logger LOG = Logger.getLogger(NetworkTransport.class);

  private final Vertx vertx;

  NetworkTransport(Vertx vertx) {
    this.vertx = vertx;
  }

  void onStart(@Observes StartupEvent event) {
    LOG.info(describe(((VertxInternal) vertx).transport()));
  }

  /** The transport's name, with why io_uring is not it. */
  static String describe(Transport transport) {
    String name =
        switch (transport.getClass().getSimpleName()) {
          case "IOUringTransport" -> "io_uring";
          case "EpollTransport" -> "epoll";
          case "KQueueTransport" -> "kqueue";
          default -> "the JDK's selector";
        };
    if (name.equals("io_uring")) {
      return "HTTP server on Netty's io_uring transport";
    }
    return "HTTP server on "
        + (name.startsWith("the") ? name : "Netty's " + name + " transport")
        + " (io_uring unavailable: "
        + whyNotIoUring()
        + ")";
  }

  /**
   * Netty's innermost reason: where its library does not load (another system), the outer one is an
   * initializer's error without a message.
   */
  private static String whyNotIoUring() {
    Throwable cause = IOUring.unavailabilityCause();
    if (cause == null) {
      return "available, not chosen";
    }
    // A cause's chain ends where getCause() gives null (Throwable never gives itself).
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.toString();
  }
}
