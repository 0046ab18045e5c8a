package org.latamml.training;

import org.latamml.dataset.LabelledRows;

/** Fits a model to labelled rows; holds only settings, so one trainer may train many models. */
public interface Trainer {

  /**
   * Trains on these rows.
   *
   * @param names the name of each input column, in order
   * @throws IllegalArgumentException when the rows hold a single class
   */
  TrainedModel train(LabelledRows rows, java.util.List<String> names);

  /** Checks that both classes are present and returns how many rows are delayed. */
  static int requireBothClasses(LabelledRows rows) {
    int positives = rows.positives();
    if (positives == 0 || positives == rows.size()) {
      throw new IllegalArgumentException(
          "training needs both classes; all "
              + rows.size()
              + " rows are "
              + (positives == 0 ? "on time" : "delayed"));
    }
    return positives;
  }
}
