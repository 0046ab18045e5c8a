package org.latamml.predictionlog;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Which entries of the prediction log to read.
 *
 * @param from the first time, inclusive
 * @param to the last time, exclusive
 * @param flightId only this stored flight's, when positive
 * @param airlineCode only this airline's flights, when not null
 * @param flightNumber only flights with this number, when not null
 * @param modelVersion only this version's predictions, when not null
 */
public record PredictionLogQuery(
    Instant from,
    Instant to,
    long flightId,
    String airlineCode,
    String flightNumber,
    String modelVersion) {

  /** The WHERE clause, its values in {@link #values} order. */
  String where() {
    StringBuilder where = new StringBuilder("logged_at >= ? AND logged_at < ?");
    if (flightId > 0) {
      where.append(" AND flight_id = ?");
    }
    if (airlineCode != null) {
      where.append(" AND airline_code = ?");
    }
    if (flightNumber != null) {
      where.append(" AND flight_number = ?");
    }
    if (modelVersion != null) {
      where.append(" AND model_version = ?");
    }
    return where.toString();
  }

  /** The values the WHERE clause binds, in order. */
  List<Object> values() {
    List<Object> values = new ArrayList<>();
    values.add(LocalDateTime.ofInstant(from, ZoneOffset.UTC));
    values.add(LocalDateTime.ofInstant(to, ZoneOffset.UTC));
    if (flightId > 0) {
      values.add(flightId);
    }
    if (airlineCode != null) {
      values.add(airlineCode);
    }
    if (flightNumber != null) {
      values.add(flightNumber);
    }
    if (modelVersion != null) {
      values.add(modelVersion);
    }
    return values;
  }
}
