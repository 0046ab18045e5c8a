package org.latamml.live;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.latamml.app.EventLoopRoutes;
import org.latamml.auth.Roles;
import org.latamml.config.ServiceSettings;
import org.latamml.prediction.Ask;

/**
 * {@code GET /v1/board}'s answer on the event loop ({@link EventLoopRoutes}) for a board already
 * made ({@link KeptBoards}): what duty managers' screens poll. A board not made yet, and any
 * parameter the window refuses, go to {@link BoardResource}, the route's definition; a test holds
 * the two to the same bytes.
 */
@Singleton
public class BoardFastPath {
  private static final String PATH = "/v1/board";

  private final KeptBoards boards;
  private final EventLoopRoutes routes;
  private final BoardQueries queries;

  BoardFastPath(KeptBoards boards, EventLoopRoutes routes, ServiceSettings settings) {
    this.boards = boards;
    this.routes = routes;
    this.queries = new BoardQueries(Clock.system(settings.airportZone()));
  }

  void register(@Observes Router router) {
    routes.register(
        router,
        new EventLoopRoutes.Route(
            HttpMethod.GET, PATH, Roles.PREDICTING, false, () -> true, this::answer));
  }

  private Buffer answer(RoutingContext context) {
    // A window the resource would refuse throws here, and is handed on for its problem body.
    BoardWindow window = queries.windowOf(context.request().query(), context::queryParams);
    KeptBoards.Kept kept = boards.made(boards.keyOf(window));
    if (kept == null) {
      return null;
    }
    context.response().putHeader(Ask.MODEL_VERSION_HEADER, kept.versions());
    return kept.body();
  }
}
