package org.latamml.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latamml.artifact.ModelCard;
import org.latamml.artifact.ModelCards;
import org.latamml.cli.LatamCli;
import org.latamml.evaluation.Evaluation;
import org.latamml.evaluation.Evaluator;
import org.latamml.evaluation.Slice;
import org.latamml.evaluation.Slices;
import org.latamml.fixtures.FlightFixtures;
import org.w3c.dom.Document;

class HtmlReportTest {
  private static final Pattern IMAGE =
      Pattern.compile("<img alt=\"([^\"]*)\" src=\"data:image/svg\\+xml;base64,([^\"]*)\">");

  @TempDir Path dir;

  /** Each chart of the page: its caption and its SVG document, parsed. */
  private record Chart(String caption, Document svg) {}

  private static List<Chart> charts(String html) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    // The SVG's DOCTYPE names a DTD on the web: the parser must not go and fetch it.
    factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    List<Chart> charts = new ArrayList<>();
    Matcher image = IMAGE.matcher(html);
    while (image.find()) {
      byte[] svg = Base64.getDecoder().decode(image.group(2));
      charts.add(
          new Chart(
              image.group(1), factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg))));
    }
    return charts;
  }

  private static int run(String... args) {
    return LatamCli.execute(
        args, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
  }

  @Test
  void evaluateWritesOneSelfContainedPageWithEveryChartDrawn() throws Exception {
    Path raw =
        FlightFixtures.writeRaw(dir.resolve("flights.csv"), FlightFixtures.syntheticYear(3_000, 5));
    Path models = dir.resolve("Models");
    assertThat(
            run(
                "train",
                "--features",
                "onehot37",
                "--data",
                raw.toString(),
                "--version",
                "1.0.0",
                "--out",
                models.toString()))
        .isZero();
    Path page = dir.resolve("report.html");

    int code =
        run(
            "evaluate",
            "--model",
            models.resolve("Latam_flight_model.1.0.0.json").toString(),
            "--format",
            "raw",
            "--data",
            raw.toString(),
            "--report",
            page.toString(),
            // Every row, for slices large enough to chart; which rows is evaluate's own test.
            "--include-training-rows");

    assertThat(code).isZero();
    String html = Files.readString(page, StandardCharsets.UTF_8);
    List<Chart> charts = charts(html);
    assertThat(charts)
        .extracting(Chart::caption)
        .contains(
            "ROC curve",
            "Precision-recall curve",
            "Reliability diagram",
            "Confusion matrix",
            "Predicted probability by class",
            "ROC AUC by airline",
            "ROC AUC by month");
    for (Chart chart : charts) {
      assertThat(chart.svg().getDocumentElement().getTagName())
          .as(chart.caption())
          .isEqualTo("svg");
      // Axes, labels and at least one series: an empty chart has a handful of paths at most.
      assertThat(chart.svg().getElementsByTagName("path").getLength())
          .as(chart.caption())
          .isGreaterThan(10);
    }
    // Nothing to fetch: no script, stylesheet or image from elsewhere.
    assertThat(html).doesNotContain("<script").doesNotContain("<link").doesNotContain("src=\"http");
    assertThat(html).contains("By airline", "By month", "expected calibration error");
  }

  @Test
  void namesFromTheDataAreEscapedAndWeakSlicesMarked() throws IOException {
    ModelCard card =
        ModelCards.read(
            Path.of(System.getProperty("latam.home", ".."), "Models")
                .resolve("Latam_flight_model.1.1.0.json"));
    Evaluation evaluation =
        Evaluator.evaluate(
            new int[] {0, 1, 0, 1, 0, 1}, new double[] {0.1, 0.9, 0.2, 0.8, 0.3, 0.4}, 0.5);
    Slice evil = new Slice("<script>alert(1)</script>", 200, 0.2, 0.2, 0.55, 0.15, 0.5, 0.3);
    Slice fine = new Slice("Sky Airline", 300, 0.2, 0.2, evaluation.rocAuc(), 0.15, 0.5, 0.3);

    String html =
        HtmlReport.render(
            card, "x & y.csv", evaluation, new Slices(List.of(evil, fine), List.of()));

    assertThat(html)
        .doesNotContain("<script>")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt; (weak)")
        .contains("x &amp; y.csv")
        .contains("<td>Sky Airline</td>")
        .contains("No month has enough rows.");
  }
}
