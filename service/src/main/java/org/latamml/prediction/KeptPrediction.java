package org.latamml.prediction;

import org.latamml.features.FlightContext;

/**
 * A prediction kept to be answered again: one object of about 96 bytes where a {@link Prediction}
 * and its {@link FlightContext} take 152, its context's rates held as the floats the model read and
 * the prediction log records (docs/PERFORMANCE.md, "Kept predictions, smaller").
 *
 * @param probability the prediction's probability
 * @param delayed the prediction's label
 * @param modelVersion the version that answered
 * @param fallback why the fallback model answered; null when the served model did
 * @param inputDigest the digest of the model's input row
 * @param hasContext whether the model read a context; the components past it are that context's
 *     values, as {@link FlightContext} names them, 0 without one
 */
public record KeptPrediction(
    double probability,
    boolean delayed,
    String modelVersion,
    String fallback,
    long inputDigest,
    boolean hasContext,
    int scheduledSameHour,
    int departedBefore,
    int scheduledAround,
    float delayRateBefore,
    float meanDelayBefore,
    float delayRateToday,
    float airlineDelayRateBefore,
    float delayRateDay,
    float meanDelayDay,
    float delayRateWeek,
    float airlineDelayRateWeek,
    float destinationDelayRateWeek,
    float flightDelayRate4Weeks) {

  /**
   * Keeps a prediction made without an explanation (an explanation is asked for with a query, which
   * is never answered from what is kept).
   *
   * @throws IllegalArgumentException when it has an explanation
   */
  public static KeptPrediction of(Prediction prediction) {
    if (prediction.explanation() != null) {
      throw new IllegalArgumentException("a prediction with an explanation is not kept");
    }
    FlightContext c = prediction.context();
    boolean has = c != null;
    return new KeptPrediction(
        prediction.probability(),
        prediction.delayed(),
        prediction.modelVersion(),
        prediction.fallback(),
        prediction.inputDigest(),
        has,
        has ? c.scheduledSameHour() : 0,
        has ? c.departedBefore() : 0,
        has ? c.scheduledAround() : 0,
        has ? (float) c.delayRateBefore() : 0,
        has ? (float) c.meanDelayBefore() : 0,
        has ? (float) c.delayRateToday() : 0,
        has ? (float) c.airlineDelayRateBefore() : 0,
        has ? (float) c.delayRateDay() : 0,
        has ? (float) c.meanDelayDay() : 0,
        has ? (float) c.delayRateWeek() : 0,
        has ? (float) c.airlineDelayRateWeek() : 0,
        has ? (float) c.destinationDelayRateWeek() : 0,
        has ? (float) c.flightDelayRate4Weeks() : 0);
  }

  /** The prediction kept, its context's rates as floats: what the log records of it either way. */
  public Prediction prediction() {
    return new Prediction(
        probability,
        delayed,
        modelVersion,
        fallback,
        null,
        inputDigest,
        hasContext
            ? new FlightContext(
                scheduledSameHour,
                departedBefore,
                delayRateBefore,
                meanDelayBefore,
                delayRateToday,
                airlineDelayRateBefore,
                scheduledAround,
                delayRateDay,
                meanDelayDay,
                delayRateWeek,
                airlineDelayRateWeek,
                destinationDelayRateWeek,
                flightDelayRate4Weeks)
            : null);
  }
}
