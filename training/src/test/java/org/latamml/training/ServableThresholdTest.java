package org.latamml.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServableThresholdTest {

  @Test
  void aThresholdThatFloatRoundsDownIsLoweredToTheGraphsOutput() {
    // float(0.7) = 0.69999998807...: a plateau at 0.7 comes out of the graph below 0.7.
    double plateau = (double) (float) 0.7;

    assertThat(plateau).isLessThan(0.7);
    assertThat(plateau).isGreaterThanOrEqualTo(TrainingJob.servable(0.7));
  }

  @Test
  void aThresholdThatFloatRoundsUpIsKept() {
    // float(0.2) = 0.20000000298...
    assertThat(TrainingJob.servable(0.2)).isEqualTo(0.2);
  }
}
