package org.latamml.monitoring;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.latamml.artifact.ModelCard;
import org.latamml.drift.InputBins;
import org.latamml.drift.InputCycles;
import org.latamml.drift.InputDrift;
import org.latamml.drift.InputProfile;
import org.latamml.drift.PopulationStability;
import org.latamml.features.FlightContext;
import org.latamml.features.FlightField;
import org.latamml.flight.Flight;
import org.latamml.flight.FlightType;

/**
 * How far a version's live inputs have moved from those it learnt from, over a window of flights:
 * the population stability index of each input (largest first) and of its probabilities, against
 * the profile its card keeps, and the values of its categories it never saw.
 *
 * @param modelVersion the version
 * @param window the window asked
 * @param from the first scheduled time covered, local
 * @param to the first scheduled time past it, local
 * @param predicted flights of the window the version predicted
 * @param flights of those, flights whose inputs the log kept (not those logged by an older build)
 * @param threshold the index above which an input has drifted, if chance alone does not explain it
 * @param drifted the inputs that have drifted, by name
 * @param inputs each input's comparison, most drifted first; those the window is too short for
 *     last, with their unknown values still listed
 * @param score the comparison of its probabilities with those of its held-out flights
 * @param unreadPredictions predictions logged that the outcome monitor has yet to read: the flights
 *     above may grow once it has
 * @param unreadSince when the oldest of them was logged, UTC; absent when none waits
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "model_version",
  "window",
  "from",
  "to",
  "predicted",
  "flights",
  "threshold",
  "drifted",
  "inputs",
  "score",
  "unread_predictions",
  "unread_since"
})
public record LiveDrift(
    @JsonInclude(JsonInclude.Include.ALWAYS) String modelVersion,
    @JsonInclude(JsonInclude.Include.ALWAYS) String window,
    @JsonInclude(JsonInclude.Include.ALWAYS) LocalDateTime from,
    @JsonInclude(JsonInclude.Include.ALWAYS) LocalDateTime to,
    long predicted,
    long flights,
    double threshold,
    List<String> drifted,
    List<InputDrift> inputs,
    InputDrift score,
    @JsonInclude(JsonInclude.Include.ALWAYS) long unreadPredictions,
    Instant unreadSince) {

  private static final Comparator<InputDrift> MOST_DRIFTED_FIRST =
      Comparator.comparing(
          (InputDrift drift) -> drift.psi() == null ? Double.NEGATIVE_INFINITY : drift.psi(),
          Comparator.reverseOrder());

  /**
   * The drift of a version's kept predictions in {@code window}, one per flight ({@link
   * PredictionOutcomes#latestPerFlight}), each input read as the model read it.
   */
  static LiveDrift of(
      ModelCard card,
      InputProfile profile,
      QualityWindow window,
      List<PredictionOutcomes.Row> latest,
      MonitorBacklog backlog) {
    List<PredictionOutcomes.Row> kept =
        latest.stream().filter(row -> row.inputs() != null).toList();
    List<Flight> flights = kept.stream().map(LiveDrift::flightOf).toList();
    Duration length = Duration.between(window.from(), window.to());
    List<InputDrift> inputs = new ArrayList<>();
    for (InputBins bins : profile.inputs()) {
      inputs.add(
          shortened(
              measure(bins, profile.flights(), kept, flights),
              length,
              InputCycles.of(bins.input())));
    }
    inputs.sort(MOST_DRIFTED_FIRST);
    double[] scores = kept.stream().mapToDouble(PredictionOutcomes.Row::probability).toArray();
    // The score follows every cycle of what it is computed from: a model that reads the month
    // scores October unlike the year.
    Duration scoreCycle =
        profile.inputs().stream()
            .map(bins -> InputCycles.of(bins.input()))
            .max(Comparator.naturalOrder())
            .orElse(InputCycles.DAY);
    InputDrift score =
        shortened(
            PopulationStability.ofNumbers(profile.score(), profile.flights(), scores),
            length,
            scoreCycle);
    return new LiveDrift(
        card.version(),
        window.name(),
        window.from(),
        window.to(),
        latest.size(),
        kept.size(),
        PopulationStability.DRIFT,
        inputs.stream().filter(InputDrift::drifted).map(InputDrift::input).toList(),
        inputs,
        score,
        backlog.predictions(),
        backlog.since());
  }

  /** The comparison, its index dropped when the window is shorter than the input's cycle. */
  private static InputDrift shortened(InputDrift drift, Duration window, Duration cycle) {
    if (drift.psi() == null || window.compareTo(cycle) >= 0) {
      return drift;
    }
    return drift.withoutIndex(
        "the window is shorter than the cycle it follows ("
            + InputCycles.describe(cycle)
            + "): its index is measured over windows of "
            + InputCycles.describe(cycle)
            + " or more");
  }

  private static InputDrift measure(
      InputBins bins,
      long trainingFlights,
      List<PredictionOutcomes.Row> rows,
      List<Flight> flights) {
    FlightField field;
    try {
      field = FlightField.ofKey(bins.input());
    } catch (IllegalArgumentException e) {
      return InputDrift.notMeasured(bins.input(), 0, "this build knows no such flight field");
    }
    if (bins.isCategory()) {
      List<String> values = new ArrayList<>();
      for (Flight flight : flights) {
        String value = field.category(flight);
        // A field the request did not give (a destination, a features-only flight's code).
        if (!value.isEmpty()) {
          values.add(value);
        }
      }
      return PopulationStability.ofCategories(bins, trainingFlights, values);
    }
    double[] values = new double[flights.size()];
    int n = 0;
    for (int i = 0; i < flights.size(); i++) {
      FlightContext context = rows.get(i).inputs().context();
      if (field.needsContext() && context == null) {
        continue;
      }
      values[n++] = field.number(flights.get(i), context == null ? FlightContext.NONE : context);
    }
    return PopulationStability.ofNumbers(bins, trainingFlights, java.util.Arrays.copyOf(values, n));
  }

  /** The flight as the model read it, from a kept row. */
  private static Flight flightOf(PredictionOutcomes.Row row) {
    PredictionOutcomes.Inputs inputs = row.inputs();
    return new Flight(
        row.flight().scheduledDeparture(),
        row.flight().flightNumber(),
        inputs.destination() == null ? "" : inputs.destination(),
        inputs.airlineCode() == null ? "" : inputs.airlineCode(),
        row.flight().airline(),
        FlightType.ofCode(inputs.flightType()),
        "",
        null);
  }
}
