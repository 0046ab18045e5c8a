package org.latamml.evaluation;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * A model's held-out results by airline (largest first) and by month (in calendar order): where it
 * is weak.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Slices(List<Slice> byAirline, List<Slice> byMonth) {

  /** Copies the lists. */
  public Slices {
    byAirline = List.copyOf(byAirline);
    byMonth = List.copyOf(byMonth);
  }
}
