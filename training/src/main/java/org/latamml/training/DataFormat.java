package org.latamml.training;

/** The two data layouts the command line reads. */
public enum DataFormat {
  /** {@code dataset_SCL.csv}: one flight a row with its scheduled and actual departures. */
  RAW,
  /** The prototype's {@code x_*.csv} (37 one-hot columns) with {@code y_*.csv} labels. */
  ONEHOT
}
