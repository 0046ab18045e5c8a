package org.latamml.drift;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * How far one input's values in a window have moved from its training spread.
 *
 * @param input the input's name ({@code airline}, {@code hour}, {@code score})
 * @param flights the window's flights with a value of it
 * @param psi the population stability index: 0 for the same spread, above 0.2 a shift worth a look;
 *     null when not measured ({@code note} says why)
 * @param psiByChance what the index stays under 999 times in 1,000 on as many flights drawn from
 *     the training spread itself: an index below it may be noise
 * @param drifted whether the index is above {@value PopulationStability#DRIFT} and above {@code
 *     psiByChance}
 * @param bins each bin's share in training ({@code expected}) and in the window ({@code observed})
 * @param unknown the values of a category the model never saw in training, most flights first
 * @param note why it was not measured, when it was not
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "input",
  "flights",
  "psi",
  "psi_by_chance",
  "drifted",
  "note",
  "unknown",
  "bins"
})
public record InputDrift(
    String input,
    long flights,
    Double psi,
    Double psiByChance,
    boolean drifted,
    List<Bin> bins,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<UnknownValue> unknown,
    String note) {

  /**
   * One bin of the comparison.
   *
   * @param bin the bin, as a reader reads it: a category, or an interval such as {@code (5, 7]}
   * @param expected its share of the training flights
   * @param observed its share of the window's flights
   */
  public record Bin(String bin, double expected, double observed) {}

  /**
   * A value the model never saw.
   *
   * @param value the value
   * @param flights how many of the window's flights had it
   */
  public record UnknownValue(String value, long flights) {}

  /** The same comparison without an index, saying why: its bins and unknown values still shown. */
  public InputDrift withoutIndex(String why) {
    return new InputDrift(input, flights, null, null, false, bins, unknown, why);
  }

  /** An input left unmeasured, saying why. */
  public static InputDrift notMeasured(String input, long flights, String note) {
    return new InputDrift(input, flights, null, null, false, null, List.of(), note);
  }
}
