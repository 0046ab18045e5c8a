package org.latamml.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.latamml.evaluation.Evaluation;
import org.latamml.training.DataFormat;
import org.latamml.training.ModelEvaluator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code latam evaluate}: scores labelled data with a model in Models/ and reports how it did. */
@Command(
    name = "evaluate",
    sortOptions = false,
    description = {
      "Evaluate a model (its card and the ONNX file beside it) on labelled data,",
      "scoring through ONNX Runtime as the service does."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:evaluated", "1:unexpected failure", "2:bad arguments, model or data"})
public final class EvaluateCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin ReportOptions report;

  @Option(
      names = "--model",
      required = true,
      description = "the model card, Models/Latam_flight_model.<version>.json")
  Path model;

  @Option(names = "--data", required = true, description = "data CSV")
  Path data;

  @Option(names = "--labels", description = "labels CSV for --format onehot")
  Path labels;

  @Option(names = "--format", required = true, description = "raw or onehot")
  TrainCommand.Format format;

  @Override
  public Integer call() throws IOException {
    Evaluation evaluation =
        new ModelEvaluator(new ConsoleProgress())
            .evaluate(
                model,
                format == TrainCommand.Format.raw ? DataFormat.RAW : DataFormat.ONEHOT,
                data,
                labels);
    report.print(
        spec.commandLine().getOut(),
        "Evaluation of " + model.getFileName() + " on " + data.getFileName() + ":",
        evaluation);
    return 0;
  }
}
