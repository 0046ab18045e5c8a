package org.latamml.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.latamml.artifact.DelayModel;
import org.latamml.flight.Flight;
import org.latamml.flight.RawFlightReader;
import org.latamml.scoring.OfflinePredictions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code latam predict}: a model's predictions for a file of flights, offline. */
@Command(
    name = "predict",
    sortOptions = false,
    mixinStandardHelpOptions = false,
    description =
        "Score a raw-format file's flights with a model (its card, with its ONNX file), as the "
            + "service scores them: each flight's context comes from the other flights of the file, as "
            + "in training. Writes a CSV with a header, one line per flight in file order: "
            + "airline_code, flight_number, scheduled_departure, probability, label, delayed, "
            + "model_version.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:written", "1:unexpected failure", "2:bad arguments, model or data"})
public final class PredictCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "show this help and exit")
  boolean help;

  @Option(names = "--model", required = true, description = "the model's card")
  Path model;

  @Option(
      names = "--fallback",
      description =
          "the card of the model that scores flights the model cannot honestly score (no"
              + " departures in its context window), as the service's fallback does; without it,"
              + " the model scores them all")
  Path fallback;

  @Option(
      names = "--format",
      defaultValue = "raw",
      description = "raw (the only format that names each flight); default ${DEFAULT-VALUE}")
  TrainCommand.Format format;

  @Option(names = "--data", required = true, description = "raw-format flights CSV")
  Path data;

  @Option(names = "--out", required = true, description = "where the predictions CSV goes")
  Path out;

  @Override
  public Integer call() throws IOException {
    if (format != TrainCommand.Format.raw) {
      throw new IllegalArgumentException(
          "predict reads --format raw only: one-hot rows do not say which flight they are");
    }
    List<Flight> flights = new RawFlightReader().readAll(data);
    List<OfflinePredictions.Row> rows;
    try (DelayModel scorer = DelayModel.load(model);
        DelayModel fallen = fallback == null ? null : DelayModel.load(fallback)) {
      rows = OfflinePredictions.predict(flights, scorer, fallen);
    }
    OfflinePredictions.write(rows, out);
    long byFallback = rows.stream().filter(OfflinePredictions.Row::byFallback).count();
    PrintWriter err = spec.commandLine().getErr();
    err.printf(
        "latam: %,d flights scored into %s%s%n",
        rows.size(),
        out,
        byFallback > 0 ? String.format(" (%,d by the fallback model)", byFallback) : "");
    err.flush();
    return 0;
  }
}
