package org.latamml.live;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.latamml.auth.Roles;
import org.latamml.board.LiveBoard;
import org.latamml.config.ServiceSettings;
import org.latamml.features.FlightContext;
import org.latamml.flight.Flight;
import org.latamml.flight.LocalTimes;
import org.latamml.prediction.Ask;
import org.latamml.prediction.Dispatch;
import org.latamml.prediction.Prediction;
import org.latamml.prediction.Predictor;
import org.latamml.problem.InvalidInputProblem;
import org.latamml.rollout.Serving;
import org.latamml.store.FlightView;
import org.latamml.store.StoredFlight;

/**
 * {@code GET /v1/board}: the flights scheduled in a window, in order, each with its prediction as
 * the store knew things at {@code as_of}.
 */
@RolesAllowed({Roles.INVOKER, Roles.ADMIN})
@Path("/v1/board")
@Produces(MediaType.APPLICATION_JSON)
public class BoardResource {
  /** The widest window, in hours. */
  public static final int MAX_HOURS = 24;

  private final LiveBoard board;
  private final Predictor predictor;
  private final java.time.ZoneId zone;
  private final ObjectMapper json;

  /**
   * Boards already answered, as JSON: screens poll the same window, and a board changes only when
   * an event arrives or another model is served, both of which are in the key
   * (docs/PERFORMANCE.md).
   */
  private final Cache<Key, KeptBoard> answered =
      Caffeine.newBuilder()
          .maximumWeight(8 * 1024 * 1024)
          .<Key, KeptBoard>weigher((key, kept) -> kept.body().length)
          .build();

  /** A board as JSON, and the versions that answered it, for {@code X-Model-Version}. */
  // The body is written once and never changed; entries are never compared.
  @SuppressWarnings("ArrayRecordComponent")
  private record KeptBoard(byte[] body, String versions) {}

  private record Key(
      LocalDateTime from,
      int hours,
      LocalDateTime asOf,
      long rolloutId,
      String champion,
      long boardVersion) {}

  BoardResource(LiveBoard board, Predictor predictor, ServiceSettings settings, ObjectMapper json) {
    this.board = board;
    this.predictor = predictor;
    this.zone = settings.airportZone();
    this.json = json;
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
      String label,
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
  @Operation(summary = "The next departures with their predictions, as known at as_of")
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
      @Parameter(description = "hours the window spans, 1 to 24 (default 3)") @QueryParam("hours")
          String hours,
      @Parameter(
              description =
                  "local time the predictions are made as of (default: now, to the minute, as"
                      + " departures are known)")
          @QueryParam("as_of")
          String asOf) {
    // Departures are known to the minute: "now" is this minute, and its answer is kept for it.
    LocalDateTime now = LocalDateTime.now(zone).truncatedTo(ChronoUnit.MINUTES);
    LocalDateTime start = time("from", from, now);
    int span = hours(hours);
    LocalDateTime known = time("as_of", asOf, now);
    // The rollout by its number, not its models: a kept board must not keep a retired model open.
    Serving serving = predictor.serving();
    Key key =
        new Key(
            start,
            span,
            known,
            serving.rollout().id(),
            serving.champion().version(),
            board.version());
    // The versions go in the header with the kept board, not as the predictor names them.
    Ask ask = Ask.of(context, "/v1/board").asOf(known).withoutHeaders();
    KeptBoard kept = answered.getIfPresent(key);
    // A board answered before goes out from the event loop; a new one may read a day from the
    // store, on a worker thread.
    return Dispatch.answer(
        kept != null,
        () -> {
          KeptBoard sent = kept != null ? kept : answered.get(key, k -> keep(k, ask));
          return Response.ok(sent.body(), MediaType.APPLICATION_JSON_TYPE)
              .header(Ask.MODEL_VERSION_HEADER, sent.versions())
              .build();
        });
  }

  private KeptBoard keep(Key key, Ask ask) {
    Board made = make(key.from(), key.hours(), ask);
    String versions =
        made.flights().isEmpty()
            ? key.champion()
            : String.join(
                ", ",
                made.flights().stream()
                    .map(line -> line.prediction().modelVersion())
                    .distinct()
                    .toList());
    return new KeptBoard(write(made), versions);
  }

  private byte[] write(Board made) {
    try {
      return json.writeValueAsBytes(made);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the board", e);
    }
  }

  private Board make(LocalDateTime start, int span, Ask ask) {
    LocalDateTime known = ask.asOf();
    List<StoredFlight> scheduled = board.scheduled(start, start.plusHours(span));
    List<Flight> flights = scheduled.stream().map(StoredFlight::flight).toList();
    List<Prediction> predictions =
        flights.isEmpty()
            ? List.of()
            : predictor.predict(
                flights, scheduled.stream().mapToLong(StoredFlight::id).toArray(), ask);
    List<Line> lines = new ArrayList<>(flights.size());
    for (int i = 0; i < flights.size(); i++) {
      Flight flight = flights.get(i);
      Prediction prediction = predictions.get(i);
      FlightContext context = board.contextOf(flight, known);
      lines.add(
          new Line(
              FlightView.of(
                  new StoredFlight(scheduled.get(i).id(), scheduled.get(i).asKnownAt(known))),
              new BoardPrediction(
                  prediction.probability(),
                  prediction.label(),
                  prediction.delayed(),
                  prediction.modelVersion(),
                  prediction.fallback(),
                  new Context(known, context.departedBefore(), board.covers(flight, known)))));
    }
    return new Board(known, lines);
  }

  private static LocalDateTime time(String name, String text, LocalDateTime otherwise) {
    if (text == null || text.isBlank()) {
      if (otherwise == null) {
        throw new InvalidInputProblem(name, "is required: a local time such as 2017-03-01T14:00");
      }
      return otherwise;
    }
    LocalDateTime time;
    try {
      time = LocalDateTime.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw new InvalidInputProblem(name, "must be a local time such as 2017-03-01T14:00");
    }
    if (LocalTimes.refusal(time) != null) {
      throw new InvalidInputProblem(name, LocalTimes.refusal(time));
    }
    // To the minute, as departures are known.
    return time.truncatedTo(ChronoUnit.MINUTES);
  }

  private static int hours(String text) {
    if (text == null || text.isBlank()) {
      return 3;
    }
    try {
      int hours = Integer.parseInt(text.strip());
      if (hours >= 1 && hours <= MAX_HOURS) {
        return hours;
      }
    } catch (NumberFormatException e) {
      // Answered below, as any value out of range.
    }
    throw new InvalidInputProblem(
        "hours", "must be a whole number of hours from 1 to " + MAX_HOURS);
  }
}
