package org.latamml.explanation;

import java.util.List;
import org.latamml.features.Feature;

/**
 * Explains a linear model exactly: each input contributes its weight times its value, named as a
 * user reads it.
 */
public final class LinearExplainer implements Explainer {
  private final LinearTerms terms;
  private final InputGroups inputs;

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
    this.inputs = new InputGroups(features);
  }

  @Override
  public Explanation explain(float[] row, int offset) {
    double[] perInput = new double[inputs.width()];
    double logOdds = terms.bias();
    for (int j = 0; j < perInput.length; j++) {
      float value = row[offset + j];
      if (value != 0) {
        perInput[j] = terms.weights().get(j) * value;
        logOdds += perInput[j];
      }
    }
    return new Explanation(logOdds, terms.bias(), inputs.contributions(row, offset, perInput));
  }
}
