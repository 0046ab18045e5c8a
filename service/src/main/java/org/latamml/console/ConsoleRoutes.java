package org.latamml.console;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Sends {@code /} and {@code /console} to the operations console, whose pages are static files
 * under {@code META-INF/resources/console/}: the console is a client of the public API, which
 * enforces roles whatever the page shows.
 */
@ApplicationScoped
public class ConsoleRoutes {
  /** Where the console's first page is. */
  static final String HOME = "/console/";

  void register(@Observes Router router) {
    // HEAD as GET: a link checker or a proxy's probe is told where the console is too.
    for (String path : new String[] {"/", "/console"}) {
      router
          .route(path)
          .method(HttpMethod.GET)
          .method(HttpMethod.HEAD)
          .handler(ConsoleRoutes::toConsole);
    }
  }

  // Vert.x matches "/console" for "/console/" too: only the exact paths are redirected.
  private static void toConsole(RoutingContext context) {
    String path = context.request().path();
    if (!path.equals("/") && !path.equals("/console")) {
      context.next();
      return;
    }
    context.response().setStatusCode(303).putHeader(HttpHeaders.LOCATION, HOME).end();
  }
}
