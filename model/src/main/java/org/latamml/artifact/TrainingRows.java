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
 * @param shuffle how {@code random} shuffled the rows: {@code numpy} (scikit-learn's {@code
 *     train_test_split}), or absent for cards written before 2026-12-02, which used Java's {@code
 *     Collections.shuffle}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingRows(
    String kind, Long seed, Double heldOutFraction, String firstHeldOutMonth, String shuffle) {

  /** The shuffle of scikit-learn's {@code train_test_split}: numpy's legacy permutation. */
  public static final String NUMPY_SHUFFLE = "numpy";

  /** Every row of the training files. */
  public static TrainingRows all() {
    return new TrainingRows("all", null, null, null, null);
  }

  /** The rows scikit-learn's seeded shuffle kept for training. */
  public static TrainingRows random(long seed, double heldOutFraction) {
    return new TrainingRows("random", seed, heldOutFraction, null, NUMPY_SHUFFLE);
  }

  /** The rows scheduled before a month. */
  public static TrainingRows before(String firstHeldOutMonth) {
    return new TrainingRows("time", null, null, firstHeldOutMonth, null);
  }
}
