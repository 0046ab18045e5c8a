package org.latamml.flight;

/** Whether a flight leaves the country: the raw data's TIPOVUELO column. */
public enum FlightType {
  INTERNATIONAL("I"),
  NATIONAL("N");

  private final String code;

  FlightType(String code) {
    this.code = code;
  }

  /** The one-letter code used by the raw data and the prototype's API. */
  public String code() {
    return code;
  }

  /**
   * Parses {@code I} or {@code N}.
   *
   * @throws IllegalArgumentException naming the value for anything else
   */
  public static FlightType ofCode(String code) {
    return switch (code) {
      case "I" -> INTERNATIONAL;
      case "N" -> NATIONAL;
      default ->
          throw new IllegalArgumentException(
              "flight type must be I (international) or N (national), got '" + code + "'");
    };
  }
}
