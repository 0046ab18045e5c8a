package org.latamml.compat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.latamml.auth.Roles;
import org.latamml.explanation.Explanation;
import org.latamml.live.FlightsResource;
import org.latamml.prediction.Ask;
import org.latamml.prediction.Dispatch;
import org.latamml.prediction.ExplainParameter;
import org.latamml.prediction.Prediction;
import org.latamml.prediction.Predictor;
import org.latamml.problem.InvalidInputProblem;
import org.latamml.store.FlightIds;
import org.latamml.store.FlightView;
import org.latamml.store.JdbcFlightStore;
import org.latamml.store.StoredFlight;

/**
 * The prototype's API, kept for its callers: {@code POST /predict-flight} by stored flight id and
 * {@code GET /check-flight}. Unlike the prototype, class 1 (delayed) is "High".
 */
@Tag(
    name = "Prototype",
    description =
        "The prototype's routes, kept for its callers: a stored flight's prediction by id, and"
            + " whether it exists")
@RolesAllowed({Roles.INVOKER, Roles.ADMIN})
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class PrototypeResource {
  private final JdbcFlightStore store;
  private final Predictor predictor;

  PrototypeResource(JdbcFlightStore store, Predictor predictor) {
    this.store = store;
    this.predictor = predictor;
  }

  /**
   * The prototype's request; only {@code Vlo_l}, the stored flight's id, is read.
   *
   * @param vloL the flight's id
   * @param fechaL unused, kept for the prototype's callers
   * @param oVlo unused
   * @param oFecha unused
   * @param flightType unused
   * @param airline unused
   */
  @Schema(name = "PredictFlightRequest")
  public record Request(
      @JsonProperty("Vlo_l")
          @Schema(
              examples = {"76"},
              required = true)
          String vloL,
      @JsonProperty("Fecha_l") String fechaL,
      @JsonProperty("O_vlo") String oVlo,
      @JsonProperty("O_fecha") String oFecha,
      @JsonProperty("flight_type") String flightType,
      @JsonProperty("airline") String airline) {}

  /**
   * The prototype's answer, with what it lacked beside it.
   *
   * @param prediction "High delayed probability" (class 1, delayed) or "Low delayed probability"
   * @param probability probability of leaving more than 15 minutes late
   * @param modelVersion the model that answered
   * @param flight the stored flight predicted
   * @param fallback why the served model did not answer, when the fallback model did; absent
   *     otherwise
   * @param explanation with {@code ?explain=true}: the log-odds and each input's share of them
   */
  @Schema(name = "PredictFlightResponse")
  @JsonSerialize(using = PredictFlightAnswerWriter.class)
  public record Response(
      @JsonProperty("Prediction")
          @Schema(
              required = true,
              enumeration = {Prediction.HIGH, Prediction.LOW})
          String prediction,
      @JsonProperty("probability") double probability,
      @JsonProperty("model_version") String modelVersion,
      @JsonProperty("flight") FlightView flight,
      @JsonProperty("fallback") @JsonInclude(JsonInclude.Include.NON_NULL) String fallback,
      @JsonProperty("explanation") @JsonInclude(JsonInclude.Include.NON_NULL)
          Explanation explanation) {}

  /**
   * Whether a flight exists.
   *
   * @param vloL the id asked about
   * @param exists whether the store holds it
   */
  public record Check(@JsonProperty("Vlo_l") String vloL, @JsonProperty("exists") boolean exists) {}

  @POST
  @Path("predict-flight")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "predictFlight",
      summary = "Predict a stored flight's delay by its id (the prototype's API)")
  public Uni<Response> predictFlight(
      @Context RoutingContext context,
      Request request,
      @Parameter(
              description = "true: add the prediction's explanation",
              schema = @Schema(type = SchemaType.BOOLEAN, defaultValue = "false"))
          @QueryParam("explain")
          String explain) {
    boolean explained = ExplainParameter.parse(explain);
    if (request == null) {
      throw new InvalidInputProblem("Vlo_l", "is required: the flight's id");
    }
    long id = FlightIds.parse(request.vloL(), "Vlo_l");
    Ask ask = Ask.of(context, "/predict-flight").explained(explained);
    return answer(() -> predict(id, ask));
  }

  private Response predict(long id, Ask ask) {
    StoredFlight stored = store.find(id).orElseThrow(() -> FlightsResource.notFound(id));
    Prediction prediction =
        predictor.predict(List.of(stored.flight()), new long[] {id}, ask).get(0);
    return new Response(
        prediction.label(),
        prediction.probability(),
        prediction.modelVersion(),
        FlightView.of(stored),
        prediction.fallback(),
        prediction.explanation());
  }

  private <T> Uni<T> answer(java.util.function.Supplier<T> work) {
    return Dispatch.answer(store.answersFromMemory() && predictor.isNonBlocking(), work);
  }

  @GET
  @Path("check-flight")
  @Operation(
      operationId = "checkFlight",
      summary = "Whether a flight id exists in the store (the prototype's API)")
  public Uni<Check> checkFlight(
      @Parameter(required = true, description = "the flight's id, a whole number from 1")
          @QueryParam("Vlo_l")
          String vloL) {
    long id = FlightIds.parse(vloL, "Vlo_l");
    return answer(() -> new Check(Long.toString(id), store.exists(id)));
  }
}
