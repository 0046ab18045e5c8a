package org.latamml.features;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import org.latamml.flight.Flight;

/**
 * A fact about a flight that a model input can be made of: either a category (compared with a value
 * to make a one-hot input) or a number, or both.
 */
public enum FlightField {
  /** Operating airline name (OPERA), such as {@code Grupo LATAM}. */
  AIRLINE("airline", false),
  /** Scheduled airline ICAO code (Emp-I). */
  AIRLINE_CODE("airline_code", false),
  /** {@code I} (international) or {@code N} (national). */
  FLIGHT_TYPE("flight_type", false),
  /** Scheduled destination ICAO code (Des-I). */
  DESTINATION("destination", false),
  /** Month of the scheduled departure, 1 to 12. */
  MONTH("month", true),
  /** Day of week of the scheduled departure, 1 (Monday) to 7 (Sunday). */
  WEEKDAY("weekday", true),
  /** Hour of the scheduled departure, 0 to 23. */
  HOUR("hour", true),
  /** Minutes since midnight of the scheduled departure, 0 to 1439. */
  MINUTE_OF_DAY("minute_of_day", true),
  /** {@link FlightContext#scheduledSameHour()}. */
  SCHEDULED_SAME_HOUR("scheduled_same_hour", true),
  /** {@link FlightContext#departedBefore()}. */
  DEPARTED_1_TO_3H_BEFORE("departed_1_to_3h_before", true),
  /** {@link FlightContext#delayRateBefore()}. */
  DELAY_RATE_1_TO_3H_BEFORE("delay_rate_1_to_3h_before", true),
  /** {@link FlightContext#meanDelayBefore()}. */
  MEAN_DELAY_1_TO_3H_BEFORE("mean_delay_1_to_3h_before", true),
  /** {@link FlightContext#delayRateToday()}. */
  DELAY_RATE_TODAY("delay_rate_today", true),
  /** {@link FlightContext#airlineDelayRateBefore()}. */
  AIRLINE_DELAY_RATE_1_TO_3H_BEFORE("airline_delay_rate_1_to_3h_before", true),
  /** {@link FlightContext#scheduledAround()}. */
  SCHEDULED_WITHIN_1H("scheduled_within_1h", true),
  /** {@link FlightContext#delayRateDay()}. */
  DELAY_RATE_24H_BEFORE("delay_rate_24h_before", true),
  /** {@link FlightContext#meanDelayDay()}. */
  MEAN_DELAY_24H_BEFORE("mean_delay_24h_before", true),
  /** {@link FlightContext#delayRateWeek()}. */
  DELAY_RATE_7D_BEFORE("delay_rate_7d_before", true),
  /** {@link FlightContext#airlineDelayRateWeek()}. */
  AIRLINE_DELAY_RATE_7D_BEFORE("airline_delay_rate_7d_before", true),
  /** {@link FlightContext#destinationDelayRateWeek()}. */
  DESTINATION_DELAY_RATE_7D_BEFORE("destination_delay_rate_7d_before", true),
  /** {@link FlightContext#flightDelayRate4Weeks()}. */
  FLIGHT_DELAY_RATE_28D_BEFORE("flight_delay_rate_28d_before", true);

  private final String key;
  private final boolean numeric;

  FlightField(String key, boolean numeric) {
    this.key = key;
    this.numeric = numeric;
  }

  /** The name model cards use. */
  @JsonValue
  public String key() {
    return key;
  }

  /** Whether the field has a numeric value; the others are categories only. */
  public boolean isNumeric() {
    return numeric;
  }

  /** Whether the field depends on other flights, so that serving needs a {@link FlightContext}. */
  public boolean needsContext() {
    return switch (this) {
      case AIRLINE, AIRLINE_CODE, FLIGHT_TYPE, DESTINATION, MONTH, WEEKDAY, HOUR, MINUTE_OF_DAY ->
          false;
      default -> true;
    };
  }

  /**
   * The field named by a model card.
   *
   * @throws IllegalArgumentException naming the known fields when there is none by that name
   */
  @JsonCreator
  public static FlightField ofKey(String key) {
    for (FlightField field : values()) {
      if (field.key.equals(key)) {
        return field;
      }
    }
    throw new IllegalArgumentException(
        "unknown flight field '"
            + key
            + "'; known: "
            + String.join(", ", Arrays.stream(values()).map(FlightField::key).toList()));
  }

  /**
   * The category of a non-numeric field.
   *
   * @throws IllegalStateException for a numeric field
   */
  public String category(Flight flight) {
    return switch (this) {
      case AIRLINE -> flight.airline();
      case AIRLINE_CODE -> flight.airlineCode();
      case FLIGHT_TYPE -> flight.type().code();
      case DESTINATION -> flight.destination();
      default -> throw new IllegalStateException(key + " is numeric");
    };
  }

  /**
   * The value of a numeric field ({@code context} read only by the fields that need it).
   *
   * @throws IllegalStateException for a category
   */
  public double number(Flight flight, FlightContext context) {
    if (needsContext()) {
      return valueIn(context);
    }
    var scheduled = flight.scheduledDeparture();
    return switch (this) {
      case MONTH -> scheduled.getMonthValue();
      case WEEKDAY -> scheduled.getDayOfWeek().getValue();
      case HOUR -> scheduled.getHour();
      case MINUTE_OF_DAY -> scheduled.getHour() * 60 + scheduled.getMinute();
      default -> throw new IllegalStateException(key + " is a category");
    };
  }

  /**
   * The value of a field that {@link #needsContext() needs a context}, read from it.
   *
   * @throws IllegalStateException for a field of the flight itself
   */
  public double valueIn(FlightContext context) {
    return switch (this) {
      case SCHEDULED_SAME_HOUR -> context.scheduledSameHour();
      case DEPARTED_1_TO_3H_BEFORE -> context.departedBefore();
      case DELAY_RATE_1_TO_3H_BEFORE -> context.delayRateBefore();
      case MEAN_DELAY_1_TO_3H_BEFORE -> context.meanDelayBefore();
      case DELAY_RATE_TODAY -> context.delayRateToday();
      case AIRLINE_DELAY_RATE_1_TO_3H_BEFORE -> context.airlineDelayRateBefore();
      case SCHEDULED_WITHIN_1H -> context.scheduledAround();
      case DELAY_RATE_24H_BEFORE -> context.delayRateDay();
      case MEAN_DELAY_24H_BEFORE -> context.meanDelayDay();
      case DELAY_RATE_7D_BEFORE -> context.delayRateWeek();
      case AIRLINE_DELAY_RATE_7D_BEFORE -> context.airlineDelayRateWeek();
      case DESTINATION_DELAY_RATE_7D_BEFORE -> context.destinationDelayRateWeek();
      case FLIGHT_DELAY_RATE_28D_BEFORE -> context.flightDelayRate4Weeks();
      default -> throw new IllegalStateException(key + " is a field of the flight itself");
    };
  }

  /** The fields read from a {@link FlightContext}, in its order. */
  public static java.util.List<FlightField> contextFields() {
    return Context.FIELDS;
  }

  // A holder: an enum's static fields are set after its constants, so they cannot read values().
  private static final class Context {
    static final java.util.List<FlightField> FIELDS =
        Arrays.stream(values()).filter(FlightField::needsContext).toList();
  }
}
