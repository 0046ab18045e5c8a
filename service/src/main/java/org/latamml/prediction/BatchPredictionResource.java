package org.latamml.prediction;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
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
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.latamml.auth.Roles;
import org.latamml.explanation.Explanation;
import org.latamml.features.FlightField;
import org.latamml.flight.Flight;
import org.latamml.problem.InvalidInputProblem;
import org.latamml.problem.Problem;

/**
 * {@code POST /v1/predictions}: up to 1,000 flights described by their features, no store needed.
 */
@RolesAllowed({Roles.INVOKER, Roles.ADMIN})
@Path("/v1/predictions")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class BatchPredictionResource {
  /** The most flights one call may ask about. */
  public static final int MAX_FLIGHTS = 1_000;

  private final Predictor predictor;

  BatchPredictionResource(Predictor predictor) {
    this.predictor = predictor;
  }

  /**
   * The request.
   *
   * @param flights the flights to predict, 1 to 1,000
   */
  public record Request(List<FlightFeatures> flights) {}

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
  public record Answer(
      double probability,
      boolean delayed,
      String label,
      String modelVersion,
      @JsonInclude(JsonInclude.Include.NON_NULL) String fallback,
      @JsonInclude(JsonInclude.Include.NON_NULL) Explanation explanation) {}

  /**
   * The response.
   *
   * @param predictions one per requested flight, in order
   */
  public record Response(List<Answer> predictions) {}

  @POST
  @Operation(summary = "Predict delays for up to 1,000 flights described by their features")
  public Uni<Response> predict(
      @Context RoutingContext context,
      Request request,
      @Parameter(description = "true: add each flight's explanation") @QueryParam("explain")
          String explain) {
    boolean explained = ExplainParameter.parse(explain);
    if (request == null || request.flights() == null) {
      throw new InvalidInputProblem("flights", "is required: an array of 1 to 1,000 flights");
    }
    int count = request.flights().size();
    if (count == 0 || count > MAX_FLIGHTS) {
      throw new InvalidInputProblem(
          "flights", "must hold 1 to " + MAX_FLIGHTS + " flights, got " + count);
    }
    List<Problem.FieldError> errors = new ArrayList<>();
    List<Flight> flights = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      FlightFeatures features = request.flights().get(i);
      if (features == null) {
        errors.add(new Problem.FieldError("flights[" + i + "]", "must be an object"));
        continue;
      }
      List<Problem.FieldError> found = features.problems("flights[" + i + "]");
      errors.addAll(found);
      if (found.isEmpty()) {
        flights.add(features.toFlight());
      }
    }
    if (!errors.isEmpty()) {
      throw new InvalidInputProblem(errors);
    }
    // Without a fallback model, a missing destination is the caller's to fix, field by field.
    if (predictor.fieldsUsed().contains(FlightField.DESTINATION) && !predictor.hasFallback()) {
      for (int i = 0; i < flights.size(); i++) {
        if (flights.get(i).destination().isEmpty()) {
          errors.add(
              new Problem.FieldError(
                  "flights[" + i + "].destination", "is required by the served model"));
        }
      }
      if (!errors.isEmpty()) {
        throw new InvalidInputProblem(errors);
      }
    }
    return Dispatch.answer(
        predictor.isNonBlocking(),
        () ->
            new Response(
                predictor
                    .predict(flights, null, Ask.of(context, "/v1/predictions").explained(explained))
                    .stream()
                    .map(p ->
                        new Answer(
                            p.probability(),
                            p.delayed(),
                            p.label(),
                            p.modelVersion(),
                            p.fallback(),
                            p.explanation()))
                    .toList()));
  }
}
