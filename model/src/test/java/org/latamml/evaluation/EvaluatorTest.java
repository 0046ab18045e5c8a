package org.latamml.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluatorTest {

  @Test
  void confusionMatrixAndPerClassMetricsFollowTheThreshold() {
    int[] labels = {0, 0, 0, 1, 1};
    double[] scores = {0.1, 0.6, 0.2, 0.7, 0.4};

    Evaluation e = Evaluator.evaluate(labels, scores, 0.5);

    assertThat(e.confusionMatrix()).isEqualTo(List.of(List.of(2L, 1L), List.of(1L, 1L)));
    assertThat(e.delayed().precision()).isEqualTo(0.5);
    assertThat(e.delayed().recall()).isEqualTo(0.5);
    assertThat(e.onTime().recall()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(e.onTime().support()).isEqualTo(3);
    assertThat(e.accuracy()).isEqualTo(0.6);
  }

  @Test
  void aucsMatchScikitLearnOnAKnownExample() {
    // sklearn: roc_auc_score([0,0,1,1],[0.1,0.4,0.35,0.8]) = 0.75;
    // average_precision_score(...) = 0.8333...
    int[] labels = {0, 0, 1, 1};
    double[] scores = {0.1, 0.4, 0.35, 0.8};

    assertThat(Evaluator.rocAuc(labels, scores)).isEqualTo(0.75);
    assertThat(Evaluator.averagePrecision(labels, scores)).isCloseTo(5.0 / 6, within(1e-12));
  }

  @Test
  void tiedScoresShareTheirRank() {
    assertThat(Evaluator.rocAuc(new int[] {0, 1}, new double[] {0.5, 0.5})).isEqualTo(0.5);
  }

  @Test
  void undefinedRatiosAreZeroAsInScikitLearn() {
    Evaluation e = Evaluator.evaluate(new int[] {0, 1}, new double[] {0.1, 0.2}, 0.5);

    assertThat(e.delayed().precision()).isZero();
    assertThat(e.delayed().f1()).isZero();
  }

  @Test
  void rejectsLabelOtherThanZeroOrOne() {
    assertThatThrownBy(() -> Evaluator.evaluate(new int[] {0, 2}, new double[] {0.1, 0.2}, 0.5))
        .hasMessageContaining("row 2 is 2");
  }

  @Test
  void reportPrintsClassesInOrderWithTheMatrix() {
    String report =
        ClassificationReport.format(
            Evaluator.evaluate(new int[] {0, 0, 1, 1}, new double[] {0.1, 0.6, 0.7, 0.4}, 0.5));

    assertThat(report.indexOf("           0")).isLessThan(report.indexOf("           1"));
    assertThat(report).contains("[[1, 1], [1, 1]]").contains("accuracy");
  }
}
