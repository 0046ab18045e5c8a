package org.latamml.training;

import java.nio.file.Path;
import java.util.Objects;
import org.latamml.calibration.CalibrationMethod;
import org.latamml.calibration.ThresholdRule;

/**
 * What {@code train} was asked to do.
 *
 * @param trainer the configured trainer
 * @param featureSet {@code onehot37} or {@code rich}
 * @param format the layout of the data files
 * @param data the training data (raw flights, or one-hot features)
 * @param labels the one-hot labels, or null for raw data
 * @param testData evaluation data in the same format, or null to hold out part of {@code data}
 * @param testLabels the evaluation labels for one-hot data, or null
 * @param holdOut how to hold out evaluation rows when there is no {@code testData}
 * @param version the new model's version
 * @param calibration how its probabilities are calibrated
 * @param thresholdRule how its decision threshold is chosen
 */
public record TrainingSpec(
    Trainer trainer,
    String featureSet,
    DataFormat format,
    Path data,
    Path labels,
    Path testData,
    Path testLabels,
    HoldOut holdOut,
    String version,
    CalibrationMethod calibration,
    ThresholdRule thresholdRule) {

  /** Checks that the parts fit together, naming the option at fault. */
  public TrainingSpec {
    Objects.requireNonNull(trainer, "trainer");
    Objects.requireNonNull(data, "--data");
    Objects.requireNonNull(version, "--version");
    Objects.requireNonNull(calibration, "--calibration");
    Objects.requireNonNull(thresholdRule, "--threshold-for");
    if (format == DataFormat.ONEHOT && !"onehot37".equals(featureSet)) {
      throw new IllegalArgumentException(
          "--features " + featureSet + " needs --format raw: one-hot files hold only onehot37");
    }
    if (format == DataFormat.ONEHOT && labels == null) {
      throw new IllegalArgumentException("--format onehot needs --labels");
    }
    if (format == DataFormat.RAW && (labels != null || testLabels != null)) {
      throw new IllegalArgumentException(
          "--format raw takes its labels from the data: drop --labels and --test-labels");
    }
    if (format == DataFormat.ONEHOT && (testData == null) != (testLabels == null)) {
      throw new IllegalArgumentException("--test-data and --test-labels go together");
    }
    if (format == DataFormat.ONEHOT
        && testData == null
        && holdOut instanceof HoldOut.LastThreeMonths) {
      throw new IllegalArgumentException(
          "--split time needs --format raw: one-hot rows have no dates");
    }
  }
}
