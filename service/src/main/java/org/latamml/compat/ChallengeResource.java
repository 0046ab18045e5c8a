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
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.latamml.auth.Roles;
import org.latamml.flight.Flight;
import org.latamml.prediction.Ask;
import org.latamml.prediction.Dispatch;
import org.latamml.prediction.Predictor;

/**
 * The LATAM challenge's API, for clients written against it: {@code POST /predict} with airline,
 * flight type and month, and {@code GET /health}.
 */
@Tag(
    name = "Challenge",
    description = "The LATAM challenge's API: a prediction from airline, flight type and month")
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class ChallengeResource {
  /** The header naming the model that answered. */
  public static final String MODEL_VERSION_HEADER = Ask.MODEL_VERSION_HEADER;

  /** The header saying why the fallback model answered instead of the served one. */
  public static final String FALLBACK_HEADER = "X-Model-Fallback";

  private final ChallengeAnswers answers;
  private final Predictor predictor;

  ChallengeResource(ChallengeAnswers answers, Predictor predictor) {
    this.answers = answers;
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
      @JsonProperty("OPERA")
          @Schema(
              required = true,
              examples = {"Aerolineas Argentinas"})
          String opera,
      @JsonProperty("TIPOVUELO")
          @Schema(
              required = true,
              enumeration = {"I", "N"},
              examples = {"N"})
          String tipoVuelo,
      @JsonProperty("MES")
          @Schema(
              required = true,
              minimum = "1",
              maximum = "12",
              examples = {"3"})
          Integer mes) {}

  /**
   * The challenge's request.
   *
   * @param flights the flights
   */
  @Schema(name = "ChallengeRequest")
  public record Request(
      @Schema(required = true, minItems = 1, maxItems = 1_000) List<ChallengeFlight> flights) {}

  /**
   * The challenge's answer.
   *
   * @param predict 1 (delayed) or 0 per flight, in order
   */
  @Schema(name = "ChallengeResponse")
  public record Response(List<Integer> predict) {}

  @POST
  @RolesAllowed({Roles.INVOKER, Roles.ADMIN})
  @Path("predict")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "predictChallenge",
      summary = "Predict delays from airline, flight type and month (the challenge's API)")
  @APIResponse(
      responseCode = "200",
      description = "1 (delayed) or 0 per flight, in the request's order",
      headers =
          @Header(
              name = FALLBACK_HEADER,
              description =
                  "why the fallback model answered instead of the one served, such as \"model"
                      + " 2.0.0 needs more than ...\"; absent when the served one answered",
              schema = @Schema(type = SchemaType.STRING)),
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = Response.class)))
  @APIResponse(
      responseCode = "400",
      description =
          "the body is not valid JSON or gives a key twice, or a flight names an airline, flight"
              + " type or month the model does not know (the challenge's contract: 400, not 422)")
  public Uni<RestResponse<Response>> predict(@Context RoutingContext context, Request request) {
    List<Flight> flights = answers.flightsOf(request);
    Ask ask = Ask.of(context, ChallengeAnswers.PATH).giving(ChallengeAnswers.KNOWN_FIELDS);
    // The body stays the challenge's exact shape; which model answered (X-Model-Version, set by
    // the predictor), and why the fallback did, go in headers.
    return Dispatch.answer(
        predictor.isNonBlocking(),
        () -> {
          ChallengeAnswers.Answer answer = answers.answer(flights, ask);
          RestResponse.ResponseBuilder<Response> built =
              RestResponse.ResponseBuilder.ok(answer.response());
          if (answer.fallback() != null) {
            built.header(FALLBACK_HEADER, answer.fallback());
          }
          return built.build();
        });
  }

  @GET
  @PermitAll
  @Path("health")
  @Operation(operationId = "showHealth", summary = "Liveness, as the challenge's clients check it")
  public Map<String, String> health() {
    return Map.of("status", "OK");
  }
}
