package org.latamml.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.latamml.artifact.ModelCards;
import org.latamml.evaluation.ClassificationReport;
import org.latamml.evaluation.Evaluation;
import org.latamml.training.DataFormat;
import org.latamml.training.ModelEvaluator;
import picocli.CommandLine.Command;
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

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "show this help and exit")
  boolean help;

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

  @Option(
      names = "--json",
      description = "print the evaluation as JSON on stdout, and nothing else")
  boolean json;

  @Override
  public Integer call() throws IOException {
    Evaluation evaluation =
        new ModelEvaluator(new ConsoleProgress())
            .evaluate(
                model,
                format == TrainCommand.Format.raw ? DataFormat.RAW : DataFormat.ONEHOT,
                data,
                labels);
    PrintWriter stdout = spec.commandLine().getOut();
    if (json) {
      stdout.println(ModelCards.JSON.writeValueAsString(evaluation));
    } else {
      stdout.printf("Evaluation of %s on %s:%n%n", model.getFileName(), data.getFileName());
      stdout.print(ClassificationReport.format(evaluation));
    }
    stdout.flush();
    return 0;
  }
}
