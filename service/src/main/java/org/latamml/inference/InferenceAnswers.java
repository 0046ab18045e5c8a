package org.latamml.inference;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.latamml.app.EventLoopRoutes;
import org.latamml.app.JsonBuffers;
import org.latamml.auth.Roles;
import org.latamml.flight.Flight;
import org.latamml.prediction.Ask;
import org.latamml.prediction.Prediction;
import org.latamml.prediction.Predictor;

/**
 * {@code POST /v2/models/latam-flight-delay/infer}'s answer on the event loop ({@link
 * EventLoopRoutes}) to a request of the common shape ({@link PlainInferenceReader}) whose columns
 * pass every check; everything else, and any version in the path, goes to {@link
 * InferenceProtocolResource}, the route's definition, which answers it with the same checks.
 */
@Singleton
public class InferenceAnswers {
  /** The route answered here: the one model, whichever version the rollout has answer. */
  static final String PATH = "/v2/models/" + InferenceProtocolResource.MODEL + "/infer";

  // Every model's inference requests are timed under the resource's template (RequestTimer).
  static final String TEMPLATE = "/v2/models/{name}/infer";

  private final Predictor predictor;
  private final EventLoopRoutes routes;
  private final PlainInferenceReader requests;
  // Its serializer found once, not looked up for each answer.
  private final ObjectWriter answers;

  InferenceAnswers(Predictor predictor, EventLoopRoutes routes, ObjectMapper mapper) {
    this.predictor = predictor;
    this.routes = routes;
    this.requests = new PlainInferenceReader(mapper.getFactory());
    this.answers = mapper.writerFor(InferenceResponse.class);
  }

  void register(@Observes Router router) {
    routes.register(
        router,
        new EventLoopRoutes.Route(
            HttpMethod.POST,
            PATH,
            Roles.PREDICTING,
            true,
            predictor::isNonBlocking,
            this::answer,
            TEMPLATE));
  }

  /** The answer on the event loop, or null for a query or a body not of the common shape. */
  private Buffer answer(RoutingContext context) {
    if (context.request().query() != null) {
      return null;
    }
    PlainInferenceReader.Request request = requests.read(context.body().buffer().getBytes());
    if (request == null) {
      return null;
    }
    List<Flight> flights = InferenceInputs.flightsOf(request.inputs());
    Set<String> wanted = InferenceInputs.outputsOf(request.outputs());
    List<Prediction> predictions =
        predictor.predict(flights, null, Ask.of(context, InferenceProtocolResource.ROUTE));
    try {
      return JsonBuffers.write(
          answers, InferenceProtocolResource.answer(request.id(), predictions, wanted));
    } catch (IOException e) {
      return null;
    }
  }
}
