package org.latamml.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.latamml.artifact.DelayModel;
import org.latamml.artifact.ModelCard;
import org.latamml.evaluation.Evaluation;
import org.latamml.evaluation.Evaluator;
import org.latamml.evaluation.Slicer;
import org.latamml.report.HtmlReport;
import org.latamml.training.ModelEvaluator;
import org.latamml.training.ScoredRows;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code latam evaluate}: scores labelled data with a model in Models/ and reports how it did. */
@Command(
    name = "evaluate",
    sortOptions = false,
    description =
        "Evaluate a model (its card and the ONNX file beside it) on labelled data, "
            + "scoring through ONNX Runtime as the service does.",
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

  @Mixin LabelledDataOptions data;

  @Option(
      names = "--report",
      description =
          "also write one self-contained HTML page: curves, reliability diagram, confusion"
              + " matrix, score histograms, and the figures by airline and by month")
  Path htmlReport;

  @Override
  public Integer call() throws IOException {
    if (htmlReport != null) {
      // Its folder made before the scoring, as train makes --out: no report lost at the end.
      if (Files.isDirectory(htmlReport)) {
        throw new IllegalArgumentException("--report " + htmlReport + " is a folder: name a file");
      }
      Path folder = htmlReport.toAbsolutePath().getParent();
      if (folder != null) {
        Files.createDirectories(folder);
      }
    }
    ScoredRows scored;
    ModelCard card;
    try (DelayModel loaded = DelayModel.load(model)) {
      card = loaded.card();
      ModelEvaluator evaluator = new ModelEvaluator(new ConsoleProgress());
      ModelEvaluator.LabelledData rows = evaluator.read(data.dataFormat(), data.data, data.labels);
      scored = evaluator.score(loaded, rows);
      data.noteOtherTrainingFiles(
          card.version(), rows.otherTrainingFiles(card), spec.commandLine().getErr());
    }
    scored =
        scored.without(
            data.leftOut(scored.seenInTraining(), card.version(), spec.commandLine().getErr()));
    Evaluation evaluation =
        Evaluator.evaluate(scored.labels(), scored.probabilities(), card.threshold());
    if (htmlReport != null) {
      String page =
          HtmlReport.render(
              card,
              data.data.getFileName().toString(),
              evaluation,
              Slicer.of(
                  scored.labels(),
                  scored.probabilities(),
                  scored.airlines(),
                  scored.months(),
                  card.threshold()));
      Files.writeString(htmlReport, page, StandardCharsets.UTF_8);
    }
    report.print(
        spec.commandLine().getOut(),
        "Evaluation of " + model.getFileName() + " on " + data.data.getFileName() + ":",
        evaluation);
    if (htmlReport != null && !report.json()) {
      spec.commandLine().getOut().printf("%nwrote %s%n", htmlReport);
      spec.commandLine().getOut().flush();
    }
    return 0;
  }
}
