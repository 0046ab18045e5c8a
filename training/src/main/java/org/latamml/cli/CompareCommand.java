package org.latamml.cli;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.latamml.artifact.DelayModel;
import org.latamml.artifact.ModelCards;
import org.latamml.evaluation.Evaluation;
import org.latamml.evaluation.Evaluator;
import org.latamml.evaluation.PairedBootstrap;
import org.latamml.training.ModelEvaluator;
import org.latamml.training.ScoredRows;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code latam compare}: two models side by side on the same labelled data. */
@Command(
    name = "compare",
    sortOptions = false,
    mixinStandardHelpOptions = false,
    description =
        "Compare two models (their cards, each with its ONNX file) on the same labelled data: "
            + "each one's figures, and the difference in ROC AUC and Brier score (second minus first) "
            + "with its 95%% interval, bootstrapped over the flights.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:compared", "1:unexpected failure", "2:bad arguments, models or data"})
public final class CompareCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "show this help and exit")
  boolean help;

  @Parameters(index = "0", paramLabel = "FIRST", description = "the first model's card")
  Path first;

  @Parameters(index = "1", paramLabel = "SECOND", description = "the second model's card")
  Path second;

  @Mixin LabelledDataOptions data;

  @Option(
      names = "--resamples",
      defaultValue = "1000",
      description = "bootstrap resamples; default ${DEFAULT-VALUE}")
  int resamples;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "seed of the resamples; default ${DEFAULT-VALUE}")
  long seed;

  @Option(
      names = "--json",
      description = "print the comparison as JSON on stdout, and nothing else")
  boolean json;

  /**
   * The comparison, as {@code --json} prints it.
   *
   * @param first the first model's version and evaluation at its own threshold
   * @param second the second model's
   * @param rows how many flights both were scored on
   * @param rocAucDifference second minus first, with its interval
   * @param brierDifference second minus first (below zero: the second is better)
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Comparison(
      Side first,
      Side second,
      int rows,
      PairedBootstrap.Difference rocAucDifference,
      PairedBootstrap.Difference brierDifference) {}

  /**
   * One model of the comparison.
   *
   * @param version its version
   * @param threshold its decision threshold
   * @param evaluation its figures on the rows
   */
  record Side(String version, double threshold, Evaluation evaluation) {}

  @Override
  public Integer call() throws IOException {
    if (resamples < 100 || resamples > 100_000) {
      throw new IllegalArgumentException("--resamples must be 100 to 100000, got " + resamples);
    }
    // Both cards read before the data, which takes seconds: a version given for a card's path is
    // said at once.
    ModelCards.read(first);
    ModelCards.read(second);
    ModelEvaluator evaluator = new ModelEvaluator(new ConsoleProgress());
    ModelEvaluator.LabelledData rows = evaluator.read(data.dataFormat(), data.data, data.labels);
    ModelRows a = score(evaluator, first, rows);
    ModelRows b = score(evaluator, second, rows);
    if (!Arrays.equals(a.rows().labels(), b.rows().labels())) {
      throw new IllegalStateException("the two models were scored on different rows");
    }
    for (ModelRows side : List.of(a, b)) {
      data.noteOtherTrainingFiles(
          side.version(), side.otherTrainingFiles(), spec.commandLine().getErr());
    }
    // The same rows for both: those neither model was trained on, named by the models that were.
    boolean[] seen = new boolean[a.rows().size()];
    List<String> whose = new ArrayList<>(2);
    for (ModelRows side : List.of(a, b)) {
      boolean[] its = side.rows().seenInTraining();
      boolean any = false;
      for (int i = 0; i < seen.length; i++) {
        seen[i] |= its[i];
        any |= its[i];
      }
      if (any) {
        whose.add(side.version());
      }
    }
    String who = String.join(" or ", whose);
    boolean[] leftOut = data.leftOut(seen, who, spec.commandLine().getErr());
    ScoredRows rowsA = a.rows().without(leftOut);
    ScoredRows rowsB = b.rows().without(leftOut);
    int[] y = rowsA.labels();
    PairedBootstrap bootstrap =
        new PairedBootstrap(y, rowsA.probabilities(), rowsB.probabilities());
    Comparison comparison =
        new Comparison(
            a.side(rowsA),
            b.side(rowsB),
            y.length,
            bootstrap.rocAuc(resamples, seed),
            bootstrap.brier(resamples, seed));
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(ModelCards.JSON.writeValueAsString(comparison));
    } else {
      out.print(describe(comparison));
    }
    out.flush();
    return 0;
  }

  private record ModelRows(
      String version, double threshold, ScoredRows rows, List<String> otherTrainingFiles) {
    Side side(ScoredRows measured) {
      return new Side(
          version,
          threshold,
          Evaluator.evaluate(measured.labels(), measured.probabilities(), threshold));
    }
  }

  private static ModelRows score(
      ModelEvaluator evaluator, Path card, ModelEvaluator.LabelledData rows) throws IOException {
    try (DelayModel model = DelayModel.load(card)) {
      return new ModelRows(
          model.card().version(),
          model.card().threshold(),
          evaluator.score(model, rows),
          rows.otherTrainingFiles(model.card()));
    }
  }

  private String describe(Comparison c) {
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            Locale.ROOT,
            "Comparison on %s (%,d flights), second minus first:%n%n%-24s%12s%12s%12s%n",
            data.data.getFileName(),
            c.rows(),
            "",
            c.first().version(),
            c.second().version(),
            "difference"));
    Evaluation a = c.first().evaluation();
    Evaluation b = c.second().evaluation();
    line(text, "ROC AUC", a.rocAuc(), b.rocAuc());
    line(text, "PR AUC", a.prAuc(), b.prAuc());
    line(text, "Brier score", a.brier(), b.brier());
    line(text, "log loss", a.logLoss(), b.logLoss());
    line(text, "ECE (10 bins)", a.ece(), b.ece());
    line(text, "threshold", c.first().threshold(), c.second().threshold());
    line(text, "delayed: precision", a.delayed().precision(), b.delayed().precision());
    line(text, "delayed: recall", a.delayed().recall(), b.delayed().recall());
    line(text, "delayed: F1", a.delayed().f1(), b.delayed().f1());
    text.append('\n');
    interval(text, "ROC AUC", c.rocAucDifference());
    interval(text, "Brier score", c.brierDifference());
    return text.toString();
  }

  private static void line(StringBuilder text, String name, double a, double b) {
    text.append(String.format(Locale.ROOT, "%-24s%12.4f%12.4f%+12.4f%n", name, a, b, b - a));
  }

  private static void interval(StringBuilder text, String name, PairedBootstrap.Difference d) {
    text.append(
        String.format(
            Locale.ROOT,
            "%s difference %+.4f, 95%% interval %+.4f to %+.4f (%d resamples over flights, seed"
                + " %d)%n",
            name,
            d.estimate(),
            d.low(),
            d.high(),
            d.resamples(),
            d.seed()));
  }
}
