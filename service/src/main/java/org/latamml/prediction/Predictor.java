package org.latamml.prediction;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.latamml.artifact.DelayModel;
import org.latamml.features.FeatureEncoder;
import org.latamml.features.FlightContext;
import org.latamml.features.FlightField;
import org.latamml.flight.Flight;
import org.latamml.registry.ModelRegistry;
import org.latamml.store.AirportBoard;

/**
 * Scores flights with the served model: encodes them with the model's own encoder (the same code as
 * training), taking other flights' context from the store's board only when the model uses it.
 */
@ApplicationScoped
public class Predictor {
  private final ModelRegistry registry;
  private final AirportBoard board;
  private final MeterRegistry metrics;

  Predictor(ModelRegistry registry, AirportBoard board, MeterRegistry metrics) {
    this.registry = registry;
    this.board = board;
    this.metrics = metrics;
  }

  /** The prediction for one flight. */
  public Prediction predict(Flight flight) {
    return predictAll(List.of(flight)).get(0);
  }

  /** The predictions for flights, in their order, in one call of the model. */
  public List<Prediction> predictAll(List<Flight> flights) {
    DelayModel model = registry.served();
    FeatureEncoder encoder = model.encoder();
    int width = encoder.width();
    float[] rows = new float[flights.size() * width];
    for (int i = 0; i < flights.size(); i++) {
      Flight flight = flights.get(i);
      FlightContext context = encoder.needsContext() ? board.contextOf(flight) : FlightContext.NONE;
      encoder.encode(flight, context, rows, i * width);
    }
    double[] probabilities = model.score(rows, flights.size());
    List<Prediction> predictions = new ArrayList<>(flights.size());
    int delayed = 0;
    for (double probability : probabilities) {
      Prediction prediction =
          new Prediction(probability, model.isDelayed(probability), model.version());
      delayed += prediction.delayed() ? 1 : 0;
      predictions.add(prediction);
    }
    count(model.version(), "1", delayed);
    count(model.version(), "0", predictions.size() - delayed);
    return predictions;
  }

  private void count(String version, String label, int predictions) {
    if (predictions > 0) {
      metrics
          .counter("latam_predictions", "model_version", version, "class", label)
          .increment(predictions);
    }
  }

  /**
   * Whether scoring never waits for the database: the model needs no context, or it is in memory.
   */
  public boolean isNonBlocking() {
    return !registry.served().encoder().needsContext() || board.isInMemory();
  }

  /** The flight fields the served model reads, for requests that must supply them. */
  public Set<FlightField> fieldsUsed() {
    return registry.served().encoder().sources();
  }
}
