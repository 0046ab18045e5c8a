package org.latamml.prediction;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.latamml.app.EventLoopRoutes;
import org.latamml.app.JsonBuffers;
import org.latamml.auth.Roles;
import org.latamml.features.FlightField;
import org.latamml.flight.Flight;
import org.latamml.problem.FieldChecks;
import org.latamml.problem.InvalidInputProblem;
import org.latamml.problem.Problem;

/**
 * What {@code POST /v1/predictions} does, for its resource and for its answer on the event loop
 * ({@link EventLoopRoutes}): the flights checked field by field, then scored. A body that the event
 * loop cannot read exactly as the resource would, or that fails a check, goes to {@link
 * BatchPredictionResource}, which answers it with its problem.
 */
@Singleton
public class BatchPredictions {
  /** The route. */
  static final String PATH = "/v1/predictions";

  private final Predictor predictor;
  private final EventLoopRoutes routes;
  // Its serializer found once, not looked up for each answer.
  private final ObjectWriter answers;
  private final ObjectReader requests;
  private final PlainBatchReader plainRequests;

  BatchPredictions(Predictor predictor, EventLoopRoutes routes, ObjectMapper mapper) {
    this.predictor = predictor;
    this.routes = routes;
    this.answers = mapper.writerFor(BatchPredictionResource.Response.class);
    this.requests = routes.readerOf(BatchPredictionResource.Request.class);
    this.plainRequests = new PlainBatchReader(mapper.getFactory());
  }

  void register(@Observes Router router) {
    routes.register(
        router,
        new EventLoopRoutes.Route(
            HttpMethod.POST, PATH, Roles.PREDICTING, true, predictor::isNonBlocking, this::answer));
  }

  /**
   * The request's flights, each checked.
   *
   * @throws InvalidInputProblem naming every field at fault
   */
  List<Flight> flightsOf(BatchPredictionResource.Request request) {
    if (request == null || request.flights() == null) {
      throw new InvalidInputProblem("flights", "is required: an array of 1 to 1,000 flights");
    }
    int count = request.flights().size();
    String wrongCount =
        FieldChecks.countOutOfRange(count, BatchPredictionResource.MAX_FLIGHTS, "flights");
    if (wrongCount != null) {
      throw new InvalidInputProblem("flights", wrongCount);
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
    return flights;
  }

  /** The answer to checked flights. */
  BatchPredictionResource.Response answer(List<Flight> flights, Ask ask) {
    List<Prediction> predicted = predictor.predict(flights, null, ask);
    List<BatchPredictionResource.Answer> answers = new ArrayList<>(predicted.size());
    for (Prediction p : predicted) {
      answers.add(
          new BatchPredictionResource.Answer(
              p.probability(),
              p.delayed(),
              p.label(),
              p.modelVersion(),
              p.fallback(),
              p.explanation()));
    }
    return new BatchPredictionResource.Response(answers);
  }

  /** The answer on the event loop, or null for a query, a body it cannot read, or a problem. */
  private Buffer answer(RoutingContext context) {
    if (context.request().query() != null) {
      return null;
    }
    try {
      byte[] body = context.body().buffer().getBytes();
      BatchPredictionResource.Request request = plainRequests.read(body);
      if (request == null) {
        request = requests.readValue(body);
      }
      return JsonBuffers.write(answers, answer(flightsOf(request), Ask.of(context, PATH)));
    } catch (IOException e) {
      return null;
    }
  }
}
