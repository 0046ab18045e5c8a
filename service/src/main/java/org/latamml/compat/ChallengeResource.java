package org.latamml.compat;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.jboss.resteasy.reactive.RestResponse;
import org.latamml.auth.Roles;
import org.latamml.features.FeatureSets;
import org.latamml.features.FlightField;
import org.latamml.flight.Flight;
import org.latamml.flight.FlightType;
import org.latamml.prediction.Ask;
import org.latamml.prediction.Dispatch;
import org.latamml.prediction.Prediction;
import org.latamml.prediction.Predictor;
import org.latamml.problem.BadRequestProblem;
import org.latamml.problem.InvalidInputProblem;

/**
 * The LATAM challenge's API, for clients written against it: {@code POST /predict} with airline,
 * flight type and month, and {@code GET /health}.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class ChallengeResource {
  private static final Set<FlightField> KNOWN_FIELDS =
      EnumSet.of(FlightField.AIRLINE, FlightField.FLIGHT_TYPE, FlightField.MONTH);

  /** The header naming the model that answered. */
  public static final String MODEL_VERSION_HEADER = Ask.MODEL_VERSION_HEADER;

  /** The header saying why the fallback model answered instead of the served one. */
  public static final String FALLBACK_HEADER = "X-Model-Fallback";

  private final Predictor predictor;

  ChallengeResource(Predictor predictor) {
    this.predictor = predictor;
  }

  /**
   * One flight as the challenge describes it.
   *
   * @param opera the operating airline
   * @param tipoVuelo I or N
   * @param mes the month, 1 to 12
   */
  public record ChallengeFlight(
      @JsonProperty("OPERA") @Schema(examples = {"Aerolineas Argentinas"}) String opera,
      @JsonProperty("TIPOVUELO") @Schema(examples = {"N"}) String tipoVuelo,
      @JsonProperty("MES") @Schema(examples = {"3"}) Integer mes) {}

  /**
   * The challenge's request.
   *
   * @param flights the flights
   */
  public record Request(List<ChallengeFlight> flights) {}

  /**
   * The challenge's answer.
   *
   * @param predict 1 (delayed) or 0 per flight, in order
   */
  public record Response(List<Integer> predict) {}

  @POST
  @RolesAllowed({Roles.INVOKER, Roles.ADMIN})
  @Path("predict")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Predict delays from airline, flight type and month (the challenge's API)")
  public Uni<RestResponse<Response>> predict(@Context RoutingContext context, Request request) {
    if (request == null || request.flights() == null || request.flights().isEmpty()) {
      throw new InvalidInputProblem("flights", "is required: an array of flights");
    }
    if (request.flights().size() > 1_000) {
      throw new InvalidInputProblem("flights", "must hold at most 1000 flights");
    }
    if (!predictor.canAnswerGiven(KNOWN_FIELDS)) {
      throw new BadRequestProblem(
          "model-needs-more",
          "the served model needs more than airline, flight type and month, and no"
              + " fallback model needs only them: use /v1/predictions");
    }
    List<Flight> flights = new ArrayList<>();
    for (int i = 0; i < request.flights().size(); i++) {
      flights.add(toFlight(request.flights().get(i), i));
    }
    Ask ask = Ask.of(context, "/predict").giving(KNOWN_FIELDS);
    // The body stays the challenge's exact shape; which model answered (X-Model-Version, set by
    // the predictor), and why the fallback did, go in headers.
    return Dispatch.answer(
        predictor.isNonBlocking(),
        () -> {
          List<Prediction> predictions = predictor.predict(flights, null, ask);
          RestResponse.ResponseBuilder<Response> answer =
              RestResponse.ResponseBuilder.ok(
                  new Response(predictions.stream().map(ChallengeResource::classOf).toList()));
          predictions.stream()
              .map(Prediction::fallback)
              .filter(java.util.Objects::nonNull)
              .findFirst()
              .ifPresent(why -> answer.header(FALLBACK_HEADER, why));
          return answer.build();
        });
  }

  @GET
  @PermitAll
  @Path("health")
  @Operation(summary = "Liveness, as the challenge's clients check it")
  public Map<String, String> health() {
    return Map.of("status", "OK");
  }

  private static Integer classOf(Prediction prediction) {
    return prediction.delayed() ? 1 : 0;
  }

  /** The challenge answers 400 for values it does not know, as its clients expect. */
  private static Flight toFlight(ChallengeFlight flight, int index) {
    String at = "flights[" + index + "]";
    if (flight == null) {
      throw new BadRequestProblem("unknown-value", at + " must be an object");
    }
    if (flight.opera() == null || !FeatureSets.ONEHOT37_AIRLINES.contains(flight.opera())) {
      throw new BadRequestProblem("unknown-value", at + ".OPERA is not a known airline");
    }
    if (!"I".equals(flight.tipoVuelo()) && !"N".equals(flight.tipoVuelo())) {
      throw new BadRequestProblem("unknown-value", at + ".TIPOVUELO must be I or N");
    }
    if (flight.mes() == null || flight.mes() < 1 || flight.mes() > 12) {
      throw new BadRequestProblem("unknown-value", at + ".MES must be a month from 1 to 12");
    }
    return new Flight(
        LocalDateTime.of(2017, flight.mes(), 1, 0, 0),
        "",
        "",
        "",
        flight.opera(),
        FlightType.ofCode(flight.tipoVuelo()),
        "",
        null);
  }
}
