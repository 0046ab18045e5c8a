package org.latamml.predictionlog;

import java.time.LocalDateTime;
import org.latamml.features.FlightContext;

/**
 * One prediction as the log keeps it.
 *
 * @param loggedAtMillis when it was made, milliseconds since the epoch
 * @param requestId the request's {@code X-Request-Id}; null when no request asked (a shadow
 *     prediction keeps its request's)
 * @param route the route that asked, such as {@code /predict-flight}
 * @param flightId the stored flight's id, 0 for a flight described by its features
 * @param airlineCode a stored flight's airline code; null for a flight described by its features
 * @param airline the operating airline's name
 * @param flightNumber its number, null when the request gave none
 * @param scheduledDeparture its local scheduled departure
 * @param modelVersion the version that scored it
 * @param probability its probability of delay
 * @param delayed its label
 * @param shadow whether it was a shadow prediction, logged and never returned
 * @param fallback whether the fallback model answered for the version the rollout chose
 * @param inputDigest a 64-bit digest of the model's input row
 * @param destination its destination as the model read it; null in entries logged before inputs
 *     were (format 1)
 * @param flightType its type's code ({@code I} or {@code N}); null in entries logged before inputs
 * @param context what the model read of other flights, as the floats it read; null when it reads
 *     none, and in entries logged before inputs
 */
public record LoggedPrediction(
    long loggedAtMillis,
    String requestId,
    String route,
    long flightId,
    String airlineCode,
    String airline,
    String flightNumber,
    LocalDateTime scheduledDeparture,
    String modelVersion,
    double probability,
    boolean delayed,
    boolean shadow,
    boolean fallback,
    long inputDigest,
    String destination,
    String flightType,
    FlightContext context) {

  /**
   * Whether it names a flight a departure can be matched with: its airline and flight number (a
   * batch of flights described by their features often gives no number).
   */
  public boolean namesAFlight() {
    return airline != null && flightNumber != null;
  }

  /** The digest as it is stored and shown: 16 hexadecimal digits. */
  public String digestHex() {
    return java.util.HexFormat.of().toHexDigits(inputDigest);
  }
}
