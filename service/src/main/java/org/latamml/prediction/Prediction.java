package org.latamml.prediction;

/**
 * The served model's answer for one flight.
 *
 * @param probability probability that it leaves more than 15 minutes late
 * @param delayed whether that probability is at or above the model's threshold
 * @param modelVersion the version of the model that answered
 * @param fallback why the served model did not answer, when {@code modelVersion} is the fallback
 *     model's; null when the served model answered
 */
public record Prediction(
    double probability, boolean delayed, String modelVersion, String fallback) {

  /** The prototype's wording for a delayed flight (class 1). */
  public static final String HIGH = "High delayed probability";

  /** The prototype's wording for a flight expected on time (class 0). */
  public static final String LOW = "Low delayed probability";

  /** The prototype's label: class 1, delayed, is "High". */
  public String label() {
    return delayed ? HIGH : LOW;
  }
}
