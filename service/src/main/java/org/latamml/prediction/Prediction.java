package org.latamml.prediction;

import org.latamml.explanation.Explanation;
import org.latamml.features.FlightContext;

/**
 * The served model's answer for one flight.
 *
 * @param probability probability that it leaves more than 15 minutes late
 * @param delayed whether that probability is at or above the model's threshold
 * @param modelVersion the version of the model that answered
 * @param fallback why the served model did not answer, when {@code modelVersion} is the fallback
 *     model's; null when the served model answered
 * @param explanation why the model scored it so, when asked for; null otherwise
 * @param inputDigest a digest of the model's input row, as the prediction log records it
 * @param context what the model read of other flights; null when it reads none
 */
public record Prediction(
    double probability,
    boolean delayed,
    String modelVersion,
    String fallback,
    Explanation explanation,
    long inputDigest,
    FlightContext context) {

  /** The prototype's wording for a delayed flight (class 1). */
  public static final String HIGH = "High delayed probability";

  /** The prototype's wording for a flight expected on time (class 0). */
  public static final String LOW = "Low delayed probability";

  /** The prototype's label: class 1, delayed, is "High". */
  public String label() {
    return delayed ? HIGH : LOW;
  }
}
