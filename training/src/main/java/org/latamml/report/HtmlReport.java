package org.latamml.report;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.apache.commons.text.StringEscapeUtils;
import org.latamml.artifact.ModelCard;
import org.latamml.evaluation.Evaluation;
import org.latamml.evaluation.Slice;
import org.latamml.evaluation.Slicer;
import org.latamml.evaluation.Slices;

/**
 * One self-contained HTML page of a model's evaluation: its figures, its charts (SVG, inlined as
 * data URIs, so the page needs no network and no file beside it) and its slices by airline and by
 * month, the weak ones marked.
 */
public final class HtmlReport {

  /** A slice this far or more below the whole data's ROC AUC is marked weak. */
  public static final double WEAK_AUC_GAP = 0.05;

  private HtmlReport() {}

  /**
   * The page.
   *
   * @param card the evaluated model's card
   * @param dataName what the rows were, for the title
   * @param evaluation the model's evaluation on all rows
   * @param slices its results per airline and per month
   */
  public static String render(
      ModelCard card, String dataName, Evaluation evaluation, Slices slices) {
    long rows = evaluation.onTime().support() + evaluation.delayed().support();
    double delayRate = (double) evaluation.delayed().support() / rows;
    StringBuilder html = new StringBuilder(1 << 16);
    String title = "Model " + card.version() + " on " + dataName;
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>")
        .append(escape(title))
        .append("</title>\n<style>\n")
        .append(
            "body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:1200px;"
                + "padding:0 1rem;color:#1a1a1a}\n"
                + "table{border-collapse:collapse;margin:1rem 0}"
                + "th,td{border:1px solid #ccc;padding:.3rem .6rem;text-align:right}"
                + "th:first-child,td:first-child{text-align:left}\n"
                + ".charts{display:flex;flex-wrap:wrap;gap:1rem}"
                + "figure{margin:0}figure img{max-width:100%;height:auto}\n"
                + "tr.weak td{background:#fde8e8}\n")
        .append("</style>\n</head>\n<body>\n<h1>")
        .append(escape(title))
        .append("</h1>\n<p>")
        .append(escape(describe(card)))
        .append("</p>\n");
    html.append("<h2>Figures</h2>\n<table>\n<tr><th>metric</th><th>value</th></tr>\n");
    row(html, "rows", Long.toString(rows));
    row(html, "delay rate", number(delayRate));
    row(html, "ROC AUC", number(evaluation.rocAuc()));
    row(html, "PR AUC (average precision)", number(evaluation.prAuc()));
    row(html, "Brier score", number(evaluation.brier()));
    row(
        html,
        "Brier score of always answering the delay rate",
        number(delayRate * (1 - delayRate)));
    row(html, "log loss", number(evaluation.logLoss()));
    row(html, "expected calibration error (10 bins)", number(evaluation.ece()));
    row(html, "threshold", number(card.threshold()));
    row(html, "accuracy at the threshold", number(evaluation.accuracy()));
    row(html, "delayed: precision", number(evaluation.delayed().precision()));
    row(html, "delayed: recall", number(evaluation.delayed().recall()));
    row(html, "delayed: F1", number(evaluation.delayed().f1()));
    html.append("</table>\n<h2>Charts</h2>\n<div class=\"charts\">\n");
    figure(html, "ROC curve", ReportCharts.roc(evaluation));
    figure(html, "Precision-recall curve", ReportCharts.precisionRecall(evaluation));
    figure(html, "Reliability diagram", ReportCharts.reliability(evaluation));
    figure(html, "Confusion matrix", ReportCharts.confusionMatrix(evaluation, card.threshold()));
    figure(html, "Predicted probability by class", ReportCharts.scoreHistograms(evaluation));
    html.append("</div>\n");
    slices(html, "airline", slices.byAirline(), evaluation.rocAuc());
    slices(html, "month", slices.byMonth(), evaluation.rocAuc());
    html.append(
            "<p><small>Made by latam-ml-infra <code>evaluate --report</code>. Slices with fewer")
        .append(" than ")
        .append(Slicer.MIN_ROWS)
        .append(" rows are left out; a slice whose ROC AUC is ")
        .append(number(WEAK_AUC_GAP))
        .append(" or more below the whole data's is marked weak.</small></p>\n</body>\n</html>\n");
    return html.toString();
  }

  private static String describe(ModelCard card) {
    StringBuilder text =
        new StringBuilder()
            .append(card.algorithm())
            .append(" on the ")
            .append(card.featureSet())
            .append(" features (")
            .append(card.features().size())
            .append(" inputs)");
    if (card.calibration() != null) {
      text.append(", calibrated by ")
          .append(card.calibration().method())
          .append("; threshold: ")
          .append(card.calibration().thresholdRule());
    } else {
      text.append(", not calibrated by this project's trainer");
    }
    return text.append('.').toString();
  }

  private static void slices(StringBuilder html, String by, List<Slice> slices, double overall) {
    html.append("<h2>By ").append(by).append("</h2>\n");
    if (slices.isEmpty()) {
      html.append("<p>No ").append(by).append(" has enough rows.</p>\n");
      return;
    }
    html.append("<table>\n<tr><th>")
        .append(by)
        .append(
            "</th><th>rows</th><th>delay rate</th><th>mean probability</th><th>ROC AUC</th>"
                + "<th>Brier</th><th>recall</th><th>precision</th></tr>\n");
    for (Slice slice : slices) {
      boolean weak = slice.rocAuc() != null && slice.rocAuc() <= overall - WEAK_AUC_GAP;
      html.append(weak ? "<tr class=\"weak\">" : "<tr>")
          .append("<td>")
          .append(escape(slice.name()))
          .append(weak ? " (weak)" : "")
          .append("</td><td>")
          .append(slice.rows())
          .append("</td><td>")
          .append(number(slice.delayRate()))
          .append("</td><td>")
          .append(number(slice.meanProbability()))
          .append("</td><td>")
          .append(slice.rocAuc() == null ? "n/a (one class)" : number(slice.rocAuc()))
          .append("</td><td>")
          .append(number(slice.brier()))
          .append("</td><td>")
          .append(number(slice.recall()))
          .append("</td><td>")
          .append(number(slice.precision()))
          .append("</td></tr>\n");
    }
    html.append("</table>\n<div class=\"charts\">\n");
    figure(html, "ROC AUC by " + by, ReportCharts.sliceAuc("ROC AUC by " + by, slices, overall));
    figure(
        html,
        "Delay rate and mean predicted probability by " + by,
        ReportCharts.sliceCalibration("Delay rate and mean probability by " + by, slices));
    html.append("</div>\n");
  }

  private static void figure(StringBuilder html, String caption, String svg) {
    html.append("<figure><img alt=\"")
        .append(escape(caption))
        .append("\" src=\"data:image/svg+xml;base64,")
        .append(Base64.getEncoder().encodeToString(svg.getBytes(StandardCharsets.UTF_8)))
        .append("\"><figcaption>")
        .append(escape(caption))
        .append("</figcaption></figure>\n");
  }

  private static void row(StringBuilder html, String name, String value) {
    html.append("<tr><td>")
        .append(escape(name))
        .append("</td><td>")
        .append(value)
        .append("</td></tr>\n");
  }

  private static String number(Double value) {
    return value == null ? "n/a" : String.format(Locale.ROOT, "%.4f", value);
  }

  /** Text made safe for HTML content and double-quoted attributes: data holds any name. */
  static String escape(String text) {
    return StringEscapeUtils.escapeHtml4(text);
  }
}
