package org.latamml.predictionlog;

import java.time.Instant;

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

  /** Whether an entry of the time asked is one of those asked for. */
  boolean selects(LoggedPrediction entry) {
    return (flightId <= 0 || entry.flightId() == flightId)
        && (airlineCode == null || airlineCode.equalsIgnoreCase(entry.airlineCode()))
        && (flightNumber == null || flightNumber.equals(entry.flightNumber()))
        && (modelVersion == null || modelVersion.equals(entry.modelVersion()));
  }
}
