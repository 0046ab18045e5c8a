package org.latamml.compat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.latamml.app.EventLoopRoutes;
import org.latamml.app.JsonBuffers;
import org.latamml.auth.Roles;
import org.latamml.store.FlightIds;
import org.latamml.store.JdbcFlightStore;

/**
 * {@code GET /check-flight}'s answer on the event loop ({@link EventLoopRoutes}) for a well-formed
 * id, from the flights in memory. Everything else (a missing or malformed id, a store that must be
 * read) goes to {@link PrototypeResource}, the route's definition; a test holds the two to the same
 * bytes.
 */
@Singleton
public class CheckFlightFastPath {
  private static final String PATH = "/check-flight";

  private final JdbcFlightStore store;
  private final EventLoopRoutes routes;
  private final ObjectWriter answers;

  CheckFlightFastPath(JdbcFlightStore store, EventLoopRoutes routes, ObjectMapper mapper) {
    this.store = store;
    this.routes = routes;
    this.answers = mapper.writerFor(PrototypeResource.Check.class);
  }

  void register(@Observes Router router) {
    routes.register(
        router,
        new EventLoopRoutes.Route(
            HttpMethod.GET, PATH, Roles.PREDICTING, false, store::answersFromMemory, this::answer));
  }

  private Buffer answer(RoutingContext context) {
    long id = FlightIds.tryParse(context.queryParams().get("Vlo_l"));
    if (id < 0) {
      return null;
    }
    try {
      // The bytes the resource writes: its record through the same mapper.
      return JsonBuffers.write(
          answers, new PrototypeResource.Check(Long.toString(id), store.exists(id)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
