package org.latamml.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.latamml.training.DataFormat;
import picocli.CommandLine.Option;

/**
 * The labelled data a command scores models on, shared by {@code evaluate} and {@code compare}: the
 * files, their format, and whether rows a model was trained on may count.
 */
final class LabelledDataOptions {

  @Option(names = "--data", required = true, description = "data CSV")
  Path data;

  @Option(names = "--labels", description = "labels CSV for --format onehot")
  Path labels;

  @Option(
      names = "--format",
      defaultValue = "raw",
      description = "raw or onehot; default ${DEFAULT-VALUE}")
  TrainCommand.Format format;

  @Option(
      names = "--include-training-rows",
      description =
          "score the rows a model was trained on too (left out by default when --data is the"
              + " model's training file: its figures there flatter it)")
  boolean includeTrainingRows;

  /**
   * Says on {@code err} that the model {@code version} was trained on other files than --data, when
   * it was: any of its training flights that --data holds cannot be told apart, and count.
   */
  void noteOtherTrainingFiles(String version, List<String> files, PrintWriter err) {
    if (!files.isEmpty()) {
      err.println(
          String.format(
              "latam: %s is not %s's training file (%s, by its digest): any flights of it that %s"
                  + " was trained on cannot be told apart here, and count in the figures",
              data.getFileName(), version, String.join(", ", files), version));
    }
  }

  DataFormat dataFormat() {
    return format == TrainCommand.Format.raw ? DataFormat.RAW : DataFormat.ONEHOT;
  }

  /**
   * The rows to leave out of the figures: none, or the rows marked {@code seen} unless told to keep
   * them, saying which on {@code err}.
   *
   * @param seen whether each row is a training row of the models
   * @param who the models, as the message names them
   * @throws IllegalArgumentException when every row is a training row
   */
  boolean[] leftOut(boolean[] seen, String who, PrintWriter err) {
    int count = 0;
    for (boolean s : seen) {
      count += s ? 1 : 0;
    }
    if (count == 0 || includeTrainingRows) {
      if (count > 0) {
        err.println(
            String.format(
                "latam: %,d of the %,d rows of %s are rows %s was trained on, scored as asked"
                    + " (--include-training-rows): the figures flatter it",
                count, seen.length, data.getFileName(), who));
      }
      return new boolean[seen.length];
    }
    if (count == seen.length) {
      throw new IllegalArgumentException(
          "every row of "
              + data.getFileName()
              + " is a row "
              + who
              + " was trained on: evaluate on held-out data, or add --include-training-rows");
    }
    err.println(
        String.format(
            "latam: %,d of the %,d rows of %s are rows %s was trained on (the card's training file"
                + " and split): the figures are of the other %,d (--include-training-rows for all of them)",
            count, seen.length, data.getFileName(), who, seen.length - count));
    return seen;
  }
}
