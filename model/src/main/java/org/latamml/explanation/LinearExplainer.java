package org.latamml.explanation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.latamml.features.Feature;

/**
 * Explains a linear model exactly: each input contributes its weight times its value, named as a
 * user reads it.
 */
public final class LinearExplainer {
  private final LinearTerms terms;
  private final List<Feature> features;

  /**
   * An explainer of the model with these terms and inputs.
   *
   * @throws IllegalArgumentException when there are not as many weights as inputs
   */
  public LinearExplainer(LinearTerms terms, List<Feature> features) {
    if (terms.weights().size() != features.size()) {
      throw new IllegalArgumentException(
          "a linear model of "
              + features.size()
              + " inputs needs as many weights, got "
              + terms.weights().size());
    }
    this.terms = terms;
    this.features = List.copyOf(features);
  }

  /** The explanation of one encoded row (the model's inputs for a flight). */
  public Explanation explain(float[] row, int offset) {
    List<Contribution> contributions = new ArrayList<>();
    double logOdds = terms.bias();
    for (int j = 0; j < features.size(); j++) {
      float value = row[offset + j];
      double contribution = terms.weights().get(j) * value;
      if (value != 0 && contribution != 0) {
        contributions.add(new Contribution(nameOf(features.get(j), value), contribution));
        logOdds += contribution;
      }
    }
    contributions.sort(
        Comparator.comparingDouble((Contribution c) -> Math.abs(c.contribution())).reversed());
    return new Explanation(logOdds, terms.bias(), contributions);
  }

  /** {@code airline = Plus Ultra} for a one-hot input, {@code hour = 21} for a numeric one. */
  static String nameOf(Feature feature, float value) {
    String field = feature.source().key().replace('_', ' ');
    if (feature.equals() != null) {
      return field + " = " + feature.equals();
    }
    return field
        + " = "
        + (value == Math.rint(value)
            ? Long.toString((long) value)
            : String.format(Locale.ROOT, "%.3g", value));
  }
}
