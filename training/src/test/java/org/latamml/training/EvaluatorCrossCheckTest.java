package org.latamml.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.latamml.evaluation.Evaluation;
import org.latamml.evaluation.Evaluator;
import org.tribuo.classification.evaluation.LabelEvaluationUtil;

/** Our threshold-free metrics agree with Tribuo's implementation of the same definitions. */
class EvaluatorCrossCheckTest {

  @Test
  void rocAucAndAveragePrecisionAgreeWithTribuo() {
    Random random = new Random(3);
    int n = 2_000;
    int[] labels = new int[n];
    boolean[] truth = new boolean[n];
    double[] scores = new double[n];
    for (int i = 0; i < n; i++) {
      labels[i] = random.nextDouble() < 0.2 ? 1 : 0;
      truth[i] = labels[i] == 1;
      // Rounded scores make ties, the case where implementations most often differ.
      scores[i] = Math.round((random.nextDouble() + 0.3 * labels[i]) * 50) / 50.0;
    }

    Evaluation ours = Evaluator.evaluate(labels, scores, 0.5);

    assertThat(ours.rocAuc())
        .isCloseTo(LabelEvaluationUtil.binaryAUCROC(truth, scores), within(1e-9));
    assertThat(ours.prAuc())
        .isCloseTo(LabelEvaluationUtil.averagedPrecision(truth, scores), within(1e-9));
  }
}
