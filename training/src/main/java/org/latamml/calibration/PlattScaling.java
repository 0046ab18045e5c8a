package org.latamml.calibration;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Platt scaling: {@code sigmoid(slope · log-odds + intercept)}, fitted by maximum likelihood with
 * Platt's smoothed targets, as scikit-learn's {@code CalibratedClassifierCV(method="sigmoid")}.
 *
 * @param slope multiplies the log-odds
 * @param intercept is added after
 */
public record PlattScaling(double slope, double intercept) implements Calibrator {

  private static final int MAX_ITERATIONS = 100;

  /** Fits the two parameters to log-odds and their outcomes by Newton's method. */
  public static PlattScaling fit(double[] logOdds, int[] labels) {
    Calibrator.requireFinite(logOdds);
    long positives = 0;
    for (int label : labels) {
      positives += label;
    }
    long negatives = labels.length - positives;
    // Platt's targets keep the fit finite when the classes separate.
    double high = (positives + 1.0) / (positives + 2.0);
    double low = 1.0 / (negatives + 2.0);
    double a = 0;
    // The prior log-odds of delay: where the fit starts before the scores say anything.
    double b = Math.log((positives + 1.0) / (negatives + 1.0));
    double loss = loss(logOdds, labels, high, low, a, b);
    for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
      double ga = 0;
      double gb = 0;
      double haa = 1e-12;
      double hab = 0;
      double hbb = 1e-12;
      for (int i = 0; i < logOdds.length; i++) {
        double p = Calibrator.sigmoid(a * logOdds[i] + b);
        double t = labels[i] == 1 ? high : low;
        double d = p - t;
        double w = p * (1 - p);
        ga += d * logOdds[i];
        gb += d;
        haa += w * logOdds[i] * logOdds[i];
        hab += w * logOdds[i];
        hbb += w;
      }
      double determinant = haa * hbb - hab * hab;
      double stepA = (hbb * ga - hab * gb) / determinant;
      double stepB = (haa * gb - hab * ga) / determinant;
      double scale = 1;
      double next = loss(logOdds, labels, high, low, a - stepA, b - stepB);
      while (next > loss && scale > 1e-10) {
        scale /= 2;
        next = loss(logOdds, labels, high, low, a - scale * stepA, b - scale * stepB);
      }
      if (next > loss) {
        break;
      }
      a -= scale * stepA;
      b -= scale * stepB;
      boolean converged = loss - next < 1e-12 * Math.max(1, Math.abs(loss));
      loss = next;
      if (converged) {
        break;
      }
    }
    return new PlattScaling(a, b);
  }

  private static double loss(
      double[] logOdds, int[] labels, double high, double low, double a, double b) {
    double sum = 0;
    for (int i = 0; i < logOdds.length; i++) {
      double z = a * logOdds[i] + b;
      double t = labels[i] == 1 ? high : low;
      // -[t log σ(z) + (1 - t) log(1 - σ(z))], written to stay finite for large |z|.
      sum += Math.max(z, 0) - t * z + Math.log1p(Math.exp(-Math.abs(z)));
    }
    return sum;
  }

  @Override
  public String method() {
    return "platt";
  }

  @Override
  public double probability(double logOdds) {
    return Calibrator.sigmoid(slope * logOdds + intercept);
  }

  @Override
  public Map<String, Object> parameters() {
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("slope", slope);
    parameters.put("intercept", intercept);
    return parameters;
  }
}
