package org.latamml.artifact;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Which rows of its training files a model was fitted on, as a rule that picks them again from the
 * same files, so that an evaluation on those files can leave them out.
 *
 * @param kind {@code all} (every row: the model was evaluated on other files), {@code random} (the
 *     rows a seeded shuffle did not hold out) or {@code time} (the rows scheduled before {@code
 *     firstHeldOutMonth})
 * @param seed the shuffle's seed, for {@code random}
 * @param heldOutFraction the share held out, for {@code random}
 * @param firstHeldOutMonth the first month held out, {@code yyyy-MM}, for {@code time}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingRows(
    String kind, Long seed, Double heldOutFraction, String firstHeldOutMonth) {

  /** Every row of the training files. */
  public static TrainingRows all() {
    return new TrainingRows("all", null, null, null);
  }

  /** The rows a seeded shuffle kept for training. */
  public static TrainingRows random(long seed, double heldOutFraction) {
    return new TrainingRows("random", seed, heldOutFraction, null);
  }

  /** The rows scheduled before a month. */
  public static TrainingRows before(String firstHeldOutMonth) {
    return new TrainingRows("time", null, null, firstHeldOutMonth);
  }
}
