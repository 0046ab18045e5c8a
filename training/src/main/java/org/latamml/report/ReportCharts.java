package org.latamml.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.latamml.evaluation.CurvePoint;
import org.latamml.evaluation.Curves;
import org.latamml.evaluation.Evaluation;
import org.latamml.evaluation.ReliabilityBin;
import org.latamml.evaluation.Slice;

/** Draws an evaluation's charts with XChart, each as an SVG document. */
public final class ReportCharts {
  private static final int WIDTH = 560;
  private static final int HEIGHT = 400;

  private ReportCharts() {}

  /** The ROC curve, with chance's diagonal. */
  public static String roc(Evaluation evaluation) {
    XYChart chart =
        lines(
            String.format(Locale.ROOT, "ROC curve (AUC %.4f)", evaluation.rocAuc()),
            "false positive rate",
            "true positive rate");
    addCurve(chart, "model", evaluation.curves().roc());
    addLine(chart, "chance", new double[] {0, 1}, new double[] {0, 1});
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
    return svg(chart);
  }

  /** The precision–recall curve, with the delay rate every threshold-free guess reaches. */
  public static String precisionRecall(Evaluation evaluation) {
    XYChart chart =
        lines(
            String.format(Locale.ROOT, "Precision-recall curve (AP %.4f)", evaluation.prAuc()),
            "recall",
            "precision");
    addCurve(chart, "model", evaluation.curves().precisionRecall());
    double rate = (double) evaluation.delayed().support() / rowsOf(evaluation);
    addLine(chart, "delay rate", new double[] {0, 1}, new double[] {rate, rate});
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    return svg(chart);
  }

  /** Observed delay rate against mean predicted probability, per bin holding rows. */
  public static String reliability(Evaluation evaluation) {
    XYChart chart =
        lines(
            String.format(Locale.ROOT, "Reliability (ECE %.4f)", evaluation.ece()),
            "mean predicted probability",
            "observed delay rate");
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    for (ReliabilityBin bin : evaluation.reliability()) {
      if (bin.count() > 0) {
        x.add(bin.meanPredicted());
        y.add(bin.observedRate());
      }
    }
    XYSeries model =
        chart.addSeries(
            "model",
            x.stream().mapToDouble(d -> d).toArray(),
            y.stream().mapToDouble(d -> d).toArray());
    model.setMarker(SeriesMarkers.CIRCLE);
    addLine(chart, "perfectly calibrated", new double[] {0, 1}, new double[] {0, 1});
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    return svg(chart);
  }

  /** The share of each class's rows in each probability bin. */
  public static String scoreHistograms(Evaluation evaluation) {
    Curves curves = evaluation.curves();
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title("Predicted probability by class")
            .xAxisTitle("predicted probability (bin start)")
            .yAxisTitle("share of the class's rows")
            .build();
    List<String> bins = new ArrayList<>();
    for (int b = 0; b < curves.histogramEdges().size() - 1; b++) {
      bins.add(String.format(Locale.ROOT, "%.2f", curves.histogramEdges().get(b)));
    }
    chart.addSeries("on time", bins, shares(curves.onTimeCounts()));
    chart.addSeries("delayed", bins, shares(curves.delayedCounts()));
    chart.getStyler().setOverlapped(true);
    chart.getStyler().setXAxisLabelRotation(90);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    return svg(chart);
  }

  /** The confusion matrix at the model's threshold, as a heat map of counts. */
  public static String confusionMatrix(Evaluation evaluation, double threshold) {
    HeatMapChart chart =
        new HeatMapChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(String.format(Locale.ROOT, "Confusion matrix at threshold %.4f", threshold))
            .xAxisTitle("predicted")
            .yAxisTitle("actual")
            .build();
    List<Number[]> cells = new ArrayList<>();
    for (int actual = 0; actual < 2; actual++) {
      for (int predicted = 0; predicted < 2; predicted++) {
        cells.add(
            new Number[] {
              predicted, actual, evaluation.confusionMatrix().get(actual).get(predicted)
            });
      }
    }
    chart.addSeries("rows", List.of("on time", "delayed"), List.of("on time", "delayed"), cells);
    chart.getStyler().setShowValue(true);
    chart.getStyler().setLegendVisible(false);
    return svg(chart);
  }

  /** ROC AUC of each slice, with the whole data's beside it for reference. */
  public static String sliceAuc(String title, List<Slice> slices, double overall) {
    CategoryChart chart = bars(title, "ROC AUC");
    List<String> names = slices.stream().map(Slice::name).toList();
    chart.addSeries(
        "ROC AUC", names, slices.stream().map(s -> s.rocAuc() == null ? 0.0 : s.rocAuc()).toList());
    chart.addSeries("all rows", names, slices.stream().map(s -> overall).toList());
    chart.getStyler().setYAxisMin(0.4);
    chart.getStyler().setYAxisMax(1.0);
    return svg(chart);
  }

  /** Each slice's delay rate beside the model's mean probability: calibration per group. */
  public static String sliceCalibration(String title, List<Slice> slices) {
    CategoryChart chart = bars(title, "share of flights");
    List<String> names = slices.stream().map(Slice::name).toList();
    chart.addSeries("delay rate", names, slices.stream().map(Slice::delayRate).toList());
    chart.addSeries(
        "mean predicted probability", names, slices.stream().map(Slice::meanProbability).toList());
    return svg(chart);
  }

  private static CategoryChart bars(String title, String yAxis) {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(WIDTH + 240)
            .height(HEIGHT)
            .title(title)
            .yAxisTitle(yAxis)
            .build();
    chart.getStyler().setXAxisLabelRotation(60);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    return chart;
  }

  private static XYChart lines(String title, String xAxis, String yAxis) {
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle(xAxis)
            .yAxisTitle(yAxis)
            .build();
    chart.getStyler().setXAxisMin(0.0);
    chart.getStyler().setXAxisMax(1.0);
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setYAxisMax(1.0);
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    return chart;
  }

  private static void addCurve(XYChart chart, String name, List<CurvePoint> points) {
    addLine(
        chart,
        name,
        points.stream().mapToDouble(CurvePoint::x).toArray(),
        points.stream().mapToDouble(CurvePoint::y).toArray());
  }

  private static void addLine(XYChart chart, String name, double[] x, double[] y) {
    chart.addSeries(name, x, y).setMarker(SeriesMarkers.NONE);
  }

  private static List<Double> shares(List<Long> counts) {
    long total = counts.stream().mapToLong(Long::longValue).sum();
    return counts.stream().map(c -> total == 0 ? 0.0 : (double) c / total).toList();
  }

  private static long rowsOf(Evaluation evaluation) {
    return evaluation.onTime().support() + evaluation.delayed().support();
  }

  /** The chart as one SVG document. */
  static String svg(Chart<?, ?> chart) {
    // Charts are drawn off screen: no display is needed, or wanted, on a server or in CI.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    // XChart draws text as outlines, so a chart is about 0.2 MB of SVG: the page stays one file.
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      VectorGraphicsEncoder.saveVectorGraphic(
          chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
