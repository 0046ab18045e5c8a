package org.latamml.features;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.latamml.flight.Flight;
import org.latamml.flight.FlightType;

/** The feature sets the trainer knows by name. */
public final class FeatureSets {

  /** The prototype's 37 one-hot inputs: airline, flight type, month. */
  public static final String ONEHOT37 = "onehot37";

  /** Schedule, destination and airport context: see {@link #rich}. */
  public static final String RICH = "rich";

  /** The airlines of the prototype's encoding, in its (alphabetical) column order. */
  public static final List<String> ONEHOT37_AIRLINES =
      List.of(
          "Aerolineas Argentinas",
          "Aeromexico",
          "Air Canada",
          "Air France",
          "Alitalia",
          "American Airlines",
          "Austral",
          "Avianca",
          "British Airways",
          "Copa Air",
          "Delta Air",
          "Gol Trans",
          "Grupo LATAM",
          "Iberia",
          "JetSmart SPA",
          "K.L.M.",
          "Lacsa",
          "Latin American Wings",
          "Oceanair Linhas Aereas",
          "Plus Ultra Lineas Aereas",
          "Qantas Airways",
          "Sky Airline",
          "United Airlines");

  /** A destination needs this many training flights to get an input of its own. */
  static final int MIN_DESTINATION_FLIGHTS = 20;

  private FeatureSets() {}

  /** The names {@code train --features} accepts. */
  public static List<String> names() {
    return List.of(ONEHOT37, RICH);
  }

  /** The prototype's 37 columns, in its order: 23 airlines, flight type I and N, months 1 to 12. */
  public static List<Feature> onehot37() {
    List<Feature> features = new ArrayList<>(37);
    ONEHOT37_AIRLINES.forEach(
        airline -> features.add(Feature.oneHot(FlightField.AIRLINE, airline)));
    for (FlightType type : FlightType.values()) {
      features.add(Feature.oneHot(FlightField.FLIGHT_TYPE, type.code()));
    }
    for (int month = 1; month <= 12; month++) {
      features.add(Feature.oneHot(FlightField.MONTH, Integer.toString(month)));
    }
    return features;
  }

  /**
   * Pre-departure facts for tree models: when it is scheduled (month, weekday, hour, minute), how
   * busy that hour is, how the airport's departures of the previous hours went, how the airport,
   * the airline and the destination did over the last day and week and the flight number over the
   * last four weeks, its type, its airline and its destination (one input each for those with at
   * least {@value #MIN_DESTINATION_FLIGHTS} training flights). Vocabularies come from the training
   * flights only.
   */
  public static List<Feature> rich(Collection<Flight> training) {
    List<Feature> features = new ArrayList<>();
    for (FlightField field :
        List.of(
            FlightField.MONTH,
            FlightField.WEEKDAY,
            FlightField.HOUR,
            FlightField.MINUTE_OF_DAY,
            FlightField.SCHEDULED_SAME_HOUR,
            FlightField.DEPARTED_1_TO_3H_BEFORE,
            FlightField.DELAY_RATE_1_TO_3H_BEFORE,
            FlightField.MEAN_DELAY_1_TO_3H_BEFORE,
            FlightField.DELAY_RATE_TODAY,
            FlightField.AIRLINE_DELAY_RATE_1_TO_3H_BEFORE,
            FlightField.SCHEDULED_WITHIN_1H,
            FlightField.DELAY_RATE_24H_BEFORE,
            FlightField.MEAN_DELAY_24H_BEFORE,
            FlightField.DELAY_RATE_7D_BEFORE,
            FlightField.AIRLINE_DELAY_RATE_7D_BEFORE,
            FlightField.DESTINATION_DELAY_RATE_7D_BEFORE,
            FlightField.FLIGHT_DELAY_RATE_28D_BEFORE)) {
      features.add(Feature.numeric(field));
    }
    features.add(Feature.oneHot(FlightField.FLIGHT_TYPE, FlightType.INTERNATIONAL.code()));
    counts(training, Flight::airline)
        .keySet()
        .forEach(airline -> features.add(Feature.oneHot(FlightField.AIRLINE, airline)));
    counts(training, Flight::destination).entrySet().stream()
        .filter(entry -> entry.getValue() >= MIN_DESTINATION_FLIGHTS)
        .forEach(entry -> features.add(Feature.oneHot(FlightField.DESTINATION, entry.getKey())));
    return features;
  }

  private static Map<String, Long> counts(
      Collection<Flight> flights, Function<Flight, String> field) {
    return flights.stream()
        .collect(Collectors.groupingBy(field, TreeMap::new, Collectors.counting()));
  }
}
