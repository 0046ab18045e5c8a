package org.latamml.compat;

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
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.latamml.app.EventLoopRoutes;
import org.latamml.app.JsonBuffers;
import org.latamml.auth.Roles;
import org.latamml.features.FeatureEncoder;
import org.latamml.features.FeatureSets;
import org.latamml.features.FlightField;
import org.latamml.features.Spellings;
import org.latamml.flight.Flight;
import org.latamml.flight.FlightType;
import org.latamml.prediction.Ask;
import org.latamml.prediction.Prediction;
import org.latamml.prediction.Predictor;
import org.latamml.problem.BadRequestProblem;
import org.latamml.problem.FieldChecks;
import org.latamml.problem.InvalidInputProblem;

/**
 * What the challenge's {@code POST /predict} does, for its resource and for its answer on the event
 * loop ({@link EventLoopRoutes}): the flights checked as the challenge's clients expect, then
 * classified. A body the event loop cannot read exactly as the resource would, or that fails a
 * check, goes to {@link ChallengeResource}, which answers it with its problem.
 */
@Singleton
public class ChallengeAnswers {
  static final String PATH = "/predict";

  /** The fields a challenge request gives. */
  static final Set<FlightField> KNOWN_FIELDS =
      EnumSet.of(FlightField.AIRLINE, FlightField.FLIGHT_TYPE, FlightField.MONTH);

  // The challenge's airlines, matched without regard to case as every route matches them.
  private static final Spellings AIRLINES =
      Spellings.of(List.of(new FeatureEncoder(FeatureSets.onehot37())));

  private final Predictor predictor;
  private final EventLoopRoutes routes;
  private final ObjectWriter answers;
  private final ObjectReader requests;

  ChallengeAnswers(Predictor predictor, EventLoopRoutes routes, ObjectMapper mapper) {
    this.predictor = predictor;
    this.routes = routes;
    this.answers = mapper.writerFor(ChallengeResource.Response.class);
    this.requests = routes.readerOf(ChallengeResource.Request.class);
  }

  void register(@Observes Router router) {
    routes.register(
        router,
        new EventLoopRoutes.Route(
            HttpMethod.POST, PATH, Roles.PREDICTING, true, predictor::isNonBlocking, this::answer));
  }

  /**
   * The challenge's answer and why the fallback model gave it, if it did.
   *
   * @param response the body
   * @param fallback the reason for {@code X-Model-Fallback}; null when the served model answered
   */
  record Answer(ChallengeResource.Response response, String fallback) {}

  /**
   * The request's flights, each checked.
   *
   * @throws InvalidInputProblem without flights or with too many
   * @throws BadRequestProblem for a value the challenge does not know, or a served model that needs
   *     more than these fields with no fallback that does not
   */
  List<Flight> flightsOf(ChallengeResource.Request request) {
    if (request == null || request.flights() == null) {
      throw new InvalidInputProblem("flights", "is required: an array of 1 to 1,000 flights");
    }
    int count = request.flights().size();
    String wrongCount = FieldChecks.countOutOfRange(count, 1_000, "flights");
    if (wrongCount != null) {
      throw new InvalidInputProblem("flights", wrongCount);
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
    return flights;
  }

  /** The answer to checked flights: 1 (delayed) or 0 each. */
  Answer answer(List<Flight> flights, Ask ask) {
    List<Prediction> predictions = predictor.predict(flights, null, ask);
    return new Answer(
        new ChallengeResource.Response(predictions.stream().map(p -> p.delayed() ? 1 : 0).toList()),
        predictions.stream()
            .map(Prediction::fallback)
            .filter(Objects::nonNull)
            .findFirst()
            .orElse(null));
  }

  /** The answer on the event loop, or null for a body it cannot read, or a problem. */
  private Buffer answer(RoutingContext context) {
    try {
      ChallengeResource.Request request = requests.readValue(context.body().buffer().getBytes());
      Answer answer = answer(flightsOf(request), Ask.of(context, PATH).giving(KNOWN_FIELDS));
      if (answer.fallback() != null) {
        context.response().putHeader(ChallengeResource.FALLBACK_HEADER, answer.fallback());
      }
      return JsonBuffers.write(answers, answer.response());
    } catch (IOException e) {
      return null;
    }
  }

  /** The challenge answers 400 for values it does not know, as its clients expect. */
  private static Flight toFlight(ChallengeResource.ChallengeFlight flight, int index) {
    String at = "flights[" + index + "]";
    if (flight == null) {
      throw new BadRequestProblem("unknown-value", at, "must be an object");
    }
    String airline = flight.opera() == null ? null : AIRLINES.airline(flight.opera());
    if (airline == null || !FeatureSets.ONEHOT37_AIRLINES.contains(airline)) {
      throw new BadRequestProblem("unknown-value", at + ".OPERA", "is not a known airline");
    }
    if (!"I".equals(flight.tipoVuelo()) && !"N".equals(flight.tipoVuelo())) {
      throw new BadRequestProblem("unknown-value", at + ".TIPOVUELO", "must be I or N");
    }
    if (flight.mes() == null || flight.mes() < 1 || flight.mes() > 12) {
      throw new BadRequestProblem("unknown-value", at + ".MES", "must be a month from 1 to 12");
    }
    return new Flight(
        LocalDateTime.of(2017, flight.mes(), 1, 0, 0),
        "",
        "",
        "",
        airline,
        FlightType.ofCode(flight.tipoVuelo()),
        "",
        null);
  }
}
