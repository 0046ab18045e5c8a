package org.latamml.prediction;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
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
import org.latamml.flight.Flight;

/**
 * {@code POST /v1/predictions}: up to 1,000 flights described by their features, no store needed.
 */
@Tag(
    name = "Predictions",
    description =
        "Delay predictions for flights described by their features, up to 1,000 a request")
@RolesAllowed({Roles.INVOKER, Roles.ADMIN})
@Path("/v1/predictions")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class BatchPredictionResource {
  /** The most flights one call may ask about. */
  public static final int MAX_FLIGHTS = 1_000;

  private final BatchPredictions predictions;
  private final Predictor predictor;

  BatchPredictionResource(BatchPredictions predictions, Predictor predictor) {
    this.predictions = predictions;
    this.predictor = predictor;
  }

  /**
   * The request.
   *
   * @param flights the flights to predict, 1 to 1,000
   */
  @Schema(name = "PredictionsRequest")
  public record Request(
      @Schema(required = true, minItems = 1, maxItems = 1_000) List<FlightFeatures> flights) {}

  /**
   * One flight's answer.
   *
   * @param probability probability of leaving more than 15 minutes late
   * @param delayed whether the model labels it delayed (class 1)
   * @param label the prototype's wording of that label
   * @param modelVersion the model that answered
   * @param fallback why the served model did not answer, when the fallback model did; absent
   *     otherwise
   * @param explanation with {@code ?explain=true}: the log-odds and each input's share of them
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonSerialize(using = AnswerWriter.class)
  @Schema(name = "FlightPrediction")
  public record Answer(
      double probability,
      boolean delayed,
      @Schema(enumeration = {Prediction.HIGH, Prediction.LOW}) String label,
      String modelVersion,
      @JsonInclude(JsonInclude.Include.NON_NULL) String fallback,
      @JsonInclude(JsonInclude.Include.NON_NULL) Explanation explanation) {}

  /**
   * The response.
   *
   * @param predictions one per requested flight, in order
   */
  @Schema(name = "PredictionsResponse")
  public record Response(List<Answer> predictions) {}

  @POST
  @Operation(
      operationId = "predictFlights",
      summary = "Predict delays for up to 1,000 flights described by their features")
  public Uni<Response> predict(
      @Context RoutingContext context,
      Request request,
      @Parameter(
              description = "true: add each flight's explanation",
              schema = @Schema(type = SchemaType.BOOLEAN, defaultValue = "false"))
          @QueryParam("explain")
          String explain) {
    boolean explained = ExplainParameter.parse(explain);
    List<Flight> flights = predictions.flightsOf(request);
    Ask ask = Ask.of(context, BatchPredictions.PATH).explained(explained);
    return Dispatch.answer(predictor.isNonBlocking(), () -> predictions.answer(flights, ask));
  }
}
