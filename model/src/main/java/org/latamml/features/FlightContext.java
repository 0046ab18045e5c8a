package org.latamml.features;

/**
 * What was known at SCL about other flights when a flight's prediction is made, one hour before its
 * scheduled departure.
 *
 * @param scheduledSameHour flights scheduled to leave in the same clock hour of the same day, this
 *     one included
 * @param departedBefore flights that actually left between three hours and one hour before this
 *     one's scheduled departure
 * @param delayRateBefore the share of those that left delayed; 0 when none left
 * @param meanDelayBefore their mean minutes late (negative when early); 0 when none left
 * @param delayRateToday the share delayed of the flights that left on the same day until one hour
 *     before this one's scheduled departure; 0 when none left
 * @param scheduledAround flights scheduled within an hour either side of this one, this one
 *     included: how busy the airport is around it
 * @param airlineDelayRateBefore the share delayed of this flight's airline's departures between
 *     three hours and one hour before; 0 when none left
 * @param delayRateDay the share delayed of the departures in the 24 hours up to one hour before; 0
 *     when none left
 * @param meanDelayDay their mean minutes late; 0 when none left
 * @param delayRateWeek the share delayed of the departures in the 7 days up to one hour before
 * @param airlineDelayRateWeek the same for this flight's airline
 * @param destinationDelayRateWeek the same for the flights to its destination
 * @param flightDelayRate4Weeks the share delayed of this flight number's departures (airline and
 *     number) in the 28 days up to one hour before: how the flight itself has been doing
 */
public record FlightContext(
    int scheduledSameHour,
    int departedBefore,
    double delayRateBefore,
    double meanDelayBefore,
    double delayRateToday,
    double airlineDelayRateBefore,
    int scheduledAround,
    double delayRateDay,
    double meanDelayDay,
    double delayRateWeek,
    double airlineDelayRateWeek,
    double destinationDelayRateWeek,
    double flightDelayRate4Weeks) {

  /** The context of a flight about which nothing else is known. */
  public static final FlightContext NONE = new FlightContext(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  /** How many values a context has: see {@link #of}. */
  public static final int SIZE = 13;

  /**
   * A context from its values in the order of {@link FlightField#contextFields()}, which is this
   * record's; the counts rounded.
   */
  public static FlightContext of(double[] values) {
    if (values.length != SIZE) {
      throw new IllegalArgumentException("a context has " + SIZE + " values, got " + values.length);
    }
    return new FlightContext(
        (int) Math.round(values[0]),
        (int) Math.round(values[1]),
        values[2],
        values[3],
        values[4],
        values[5],
        (int) Math.round(values[6]),
        values[7],
        values[8],
        values[9],
        values[10],
        values[11],
        values[12]);
  }

  /** Checks the counts and the rate. */
  public FlightContext {
    if (scheduledSameHour < 0 || departedBefore < 0 || scheduledAround < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
    checkRate(delayRateBefore);
    checkRate(delayRateToday);
    checkRate(airlineDelayRateBefore);
    checkRate(delayRateDay);
    checkRate(delayRateWeek);
    checkRate(airlineDelayRateWeek);
    checkRate(destinationDelayRateWeek);
    checkRate(flightDelayRate4Weeks);
    checkMinutes(meanDelayBefore);
    checkMinutes(meanDelayDay);
  }

  private static void checkMinutes(double mean) {
    if (!Double.isFinite(mean)) {
      throw new IllegalArgumentException("mean delay must be finite, got " + mean);
    }
  }

  private static void checkRate(double rate) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException("a delay rate must be between 0 and 1, got " + rate);
    }
  }
}
