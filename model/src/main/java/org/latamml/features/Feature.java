package org.latamml.features;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * One model input, as a model card records it: the value of a flight field, or, when {@code equals}
 * is set, 1 if the field equals that value and 0 otherwise (one-hot).
 *
 * @param name the input's name, unique within a model
 * @param source the flight field it is made of
 * @param equals for a one-hot input the value it stands for; null for a numeric input
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Feature(String name, FlightField source, String equals) {

  /** Checks that a numeric input is made of a numeric field. */
  public Feature {
    Objects.requireNonNull(name, "feature name");
    Objects.requireNonNull(source, "feature source of " + name);
    if (equals == null && !source.isNumeric()) {
      throw new IllegalArgumentException(
          "feature '" + name + "': " + source.key() + " is a category; give the value it equals");
    }
  }

  /** The input that is 1 when {@code field} equals {@code value}. */
  public static Feature oneHot(FlightField field, String value) {
    return new Feature(field.key() + "=" + value, field, value);
  }

  /** The input that is the numeric value of {@code field}. */
  public static Feature numeric(FlightField field) {
    return new Feature(field.key(), field, null);
  }
}
