package org.latamml.evaluation;

import java.util.Locale;

/** Prints an {@link Evaluation} as scikit-learn's classification report, with AUCs below. */
public final class ClassificationReport {
  private ClassificationReport() {}

  /** The report, lines ending in a newline. */
  public static String format(Evaluation evaluation) {
    long total = evaluation.onTime().support() + evaluation.delayed().support();
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%12s%10s%10s%10s%10s%n%n",
            "",
            "precision",
            "recall",
            "f1-score",
            "support"));
    evaluation.classes().forEach((name, metrics) -> row(out, name, metrics));
    out.append(
        String.format(
            Locale.ROOT,
            "%n%12s%10s%10s%10.2f%10d%n",
            "accuracy",
            "",
            "",
            evaluation.accuracy(),
            total));
    ClassMetrics onTime = evaluation.onTime();
    ClassMetrics delayed = evaluation.delayed();
    row(
        out,
        "macro avg",
        new ClassMetrics(
            (onTime.precision() + delayed.precision()) / 2,
            (onTime.recall() + delayed.recall()) / 2,
            (onTime.f1() + delayed.f1()) / 2,
            total));
    row(
        out,
        "weighted avg",
        new ClassMetrics(
            weighted(onTime.precision(), delayed.precision(), onTime, delayed),
            weighted(onTime.recall(), delayed.recall(), onTime, delayed),
            weighted(onTime.f1(), delayed.f1(), onTime, delayed),
            total));
    out.append(
        String.format(
            Locale.ROOT,
            "%nconfusion matrix [[TN, FP], [FN, TP]]: [[%d, %d], [%d, %d]]%n",
            evaluation.trueNegatives(),
            evaluation.falsePositives(),
            evaluation.falseNegatives(),
            evaluation.truePositives()));
    out.append(
        String.format(
            Locale.ROOT, "ROC AUC %.4f   PR AUC %.4f%n", evaluation.rocAuc(), evaluation.prAuc()));
    if (evaluation.brier() != null) {
      out.append(
          String.format(
              Locale.ROOT,
              "Brier %.4f   log loss %.4f   ECE %.4f (10 bins)%n",
              evaluation.brier(),
              evaluation.logLoss(),
              evaluation.ece()));
    }
    return out.toString();
  }

  private static void row(StringBuilder out, String name, ClassMetrics metrics) {
    out.append(
        String.format(
            Locale.ROOT,
            "%12s%10.2f%10.2f%10.2f%10d%n",
            name,
            metrics.precision(),
            metrics.recall(),
            metrics.f1(),
            metrics.support()));
  }

  private static double weighted(
      double zero, double one, ClassMetrics onTime, ClassMetrics delayed) {
    double total = onTime.support() + delayed.support();
    return (zero * onTime.support() + one * delayed.support()) / total;
  }
}
