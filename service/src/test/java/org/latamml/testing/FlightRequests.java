package org.latamml.testing;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Flights as the prediction routes take them, for tests: the prototype's body, or many. */
public final class FlightRequests {
  private FlightRequests() {}

  /**
   * The prototype's {@code POST /predict-flight} body for the flight {@code id}, as its callers
   * send it.
   */
  public static Map<String, String> prototype(String id) {
    return Map.of(
        "Vlo_l", id, "Fecha_l", "", "O_vlo", "", "O_fecha", "", "flight_type", "", "airline", "");
  }

  /**
   * {@code count} flights, the {@code first}-th on: each a different departure seven minutes after
   * the one before from 1 January 2017, so that ranges that do not overlap share no flight.
   */
  public static List<Map<String, Object>> distinct(int first, int count) {
    List<Map<String, Object>> flights = new ArrayList<>(count);
    LocalDateTime start = LocalDateTime.of(2017, 1, 1, 0, 0);
    for (int i = first; i < first + count; i++) {
      flights.add(
          Map.of(
              "airline",
              i % 2 == 0 ? "Grupo LATAM" : "Sky Airline",
              "flight_type",
              i % 3 == 0 ? "I" : "N",
              "scheduled_departure",
              start.plusMinutes(7L * i).toString(),
              "flight_number",
              Integer.toString(100 + i % 900)));
    }
    return flights;
  }
}
