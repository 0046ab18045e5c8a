package org.latamml.training;

import java.time.YearMonth;
import java.util.List;
import org.latamml.artifact.ModelCard;
import org.latamml.artifact.TrainingData;
import org.latamml.artifact.TrainingRows;
import org.latamml.flight.Flight;

/**
 * Finds the rows of a data file that a model was trained on: when the file is the model's training
 * file (the same SHA-256 as its card records), the card's rule picks them again. Other files are
 * taken as unseen: the card holds no key per flight to match them by.
 */
final class TrainingOverlap {
  private TrainingOverlap() {}

  /**
   * Whether each row was a training row.
   *
   * @param sha256 the data files' digest, computed as the trainer computes it
   * @param size how many rows the data has
   * @param flights the rows' flights, for a time rule; null for one-hot data
   */
  static boolean[] seen(ModelCard card, String sha256, int size, List<Flight> flights) {
    boolean[] seen = new boolean[size];
    TrainingData data = card.trainingData();
    if (data == null || data.trainingRows() == null || !sha256.equals(data.sha256())) {
      return seen;
    }
    TrainingRows rule = data.trainingRows();
    switch (rule.kind()) {
      case "all" -> java.util.Arrays.fill(seen, true);
      case "random" -> {
        if (rule.seed() == null || rule.heldOutFraction() == null) {
          throw new IllegalArgumentException(
              "the card's random training rows lack their seed or held-out share");
        }
        if (rule.heldOutFraction() != HoldOut.RANDOM_FRACTION) {
          throw new IllegalArgumentException(
              "the card's training rows were picked with another share held out ("
                  + rule.heldOutFraction()
                  + ") than this build makes");
        }
        HoldOut.Parts parts =
            switch (rule.shuffle() == null ? "java" : rule.shuffle()) {
              case TrainingRows.NUMPY_SHUFFLE -> HoldOut.random(size, rule.seed());
              case "java" -> HoldOut.javaShuffled(size, rule.seed());
              default ->
                  throw new IllegalArgumentException(
                      "the card's training rows were shuffled by an unknown rule: "
                          + rule.shuffle());
            };
        for (int row : parts.train()) {
          seen[row] = true;
        }
      }
      case "time" -> {
        if (flights == null || rule.firstHeldOutMonth() == null) {
          throw new IllegalArgumentException(
              "the card's time rule needs raw data with dates and its first held-out month");
        }
        YearMonth first = YearMonth.parse(rule.firstHeldOutMonth());
        for (int i = 0; i < size; i++) {
          seen[i] = YearMonth.from(flights.get(i).scheduledDeparture()).isBefore(first);
        }
      }
      default ->
          throw new IllegalArgumentException(
              "the card's training rows are of an unknown kind: " + rule.kind());
    }
    return seen;
  }
}
