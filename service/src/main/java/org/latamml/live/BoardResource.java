package org.latamml.live;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.latamml.auth.Roles;
import org.latamml.config.ServiceSettings;
import org.latamml.prediction.Ask;
import org.latamml.prediction.Dispatch;
import org.latamml.prediction.Prediction;
import org.latamml.store.FlightView;

/**
 * {@code GET /v1/board}: the flights scheduled in a window, in order, each with its prediction as
 * the store knew things at {@code as_of}.
 */
@Tag(name = "Board", description = "The next departures with their predictions")
@RolesAllowed({Roles.INVOKER, Roles.ADMIN})
@Path("/v1/board")
@Produces(MediaType.APPLICATION_JSON)
public class BoardResource {
  private final KeptBoards boards;
  private final Clock airport;

  BoardResource(KeptBoards boards, ServiceSettings settings) {
    this.boards = boards;
    this.airport = Clock.system(settings.airportZone());
  }

  /**
   * What a prediction knew of the airport.
   *
   * @param asOf the time it was made as of
   * @param departuresSeen departures it saw between three hours and one hour before the flight
   * @param complete whether the departures known then span that window, so the context is whole
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Context(LocalDateTime asOf, int departuresSeen, boolean complete) {}

  /**
   * A flight's prediction on the board.
   *
   * @param probability probability of leaving more than 15 minutes late
   * @param label the prototype's wording of the label
   * @param delayed whether the model labels it delayed
   * @param modelVersion the model that answered
   * @param fallback why the served model did not, when the fallback model answered
   * @param context what it knew of the airport
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record BoardPrediction(
      double probability,
      @Schema(enumeration = {Prediction.HIGH, Prediction.LOW}) String label,
      boolean delayed,
      String modelVersion,
      @JsonInclude(JsonInclude.Include.NON_NULL) String fallback,
      Context context) {}

  /**
   * One line of the board.
   *
   * @param flight the stored flight
   * @param prediction its prediction
   */
  public record Line(FlightView flight, BoardPrediction prediction) {}

  /**
   * The board.
   *
   * @param asOf the time the predictions were made as of
   * @param flights the flights scheduled in the window, in order
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Board(LocalDateTime asOf, List<Line> flights) {}

  @GET
  @Operation(
      operationId = "showBoard",
      summary = "The next departures with their predictions, as known at as_of")
  @APIResponse(
      responseCode = "200",
      description = "the board",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = Board.class)))
  public Uni<Response> board(
      @jakarta.ws.rs.core.Context RoutingContext context,
      @Parameter(
              description =
                  "local time the window begins, such as 2017-03-01T14:00 (default: now, to the"
                      + " minute: the next departures)")
          @QueryParam("from")
          String from,
      @Parameter(
              description = "hours the window spans, 1 to 24 (default 3)",
              schema =
                  @Schema(
                      type = SchemaType.INTEGER,
                      minimum = "1",
                      maximum = "" + BoardWindow.MAX_HOURS,
                      defaultValue = "" + BoardWindow.DEFAULT_HOURS))
          @QueryParam("hours")
          String hours,
      @Parameter(
              description =
                  "local time the predictions are made as of (default: now, to the minute, as"
                      + " departures are known)")
          @QueryParam("as_of")
          String asOf) {
    // Departures are known to the minute: "now" is this minute, and its answer is kept for it.
    BoardWindow window = BoardWindow.of(from, hours, asOf, airport);
    KeptBoards.Key key = boards.keyOf(window);
    // The versions go in the header with the kept board, not as the predictor names them.
    Ask ask = Ask.of(context, "/v1/board").asOf(window.asOf()).withoutHeaders();
    KeptBoards.Kept kept = boards.made(key);
    // A board answered before goes out from the event loop; a new one may read a day from the
    // store, on a worker thread.
    return Dispatch.answer(
        kept != null,
        () -> {
          KeptBoards.Kept sent = kept != null ? kept : boards.make(key, ask);
          // The charset named, as every route's JSON and the event loop's answer name it.
          return Response.ok(sent.body(), MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8"))
              .header(Ask.MODEL_VERSION_HEADER, sent.versions())
              .build();
        });
  }
}
