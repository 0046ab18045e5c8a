package org.latamml.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.latamml.training.Progress;

class ConsoleProgressTest {
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private String[] lines() {
    return err.toString(StandardCharsets.UTF_8).split("\n");
  }

  @Test
  void withoutATerminalPrintsWholeLinesPerTenthAndNoBar() {
    Progress progress =
        new ConsoleProgress(false, new PrintStream(err, true, StandardCharsets.UTF_8));

    try (Progress.Task task = progress.start("trees", 200)) {
      for (int step = 1; step <= 200; step++) {
        task.stepTo(step);
      }
      task.done();
    }

    assertThat(lines())
        .containsExactly(
            "trees: started (200 steps)",
            "trees: 20/200 (10 %)",
            "trees: 40/200 (20 %)",
            "trees: 60/200 (30 %)",
            "trees: 80/200 (40 %)",
            "trees: 100/200 (50 %)",
            "trees: 120/200 (60 %)",
            "trees: 140/200 (70 %)",
            "trees: 160/200 (80 %)",
            "trees: 180/200 (90 %)",
            "trees: done (200 steps)");
    assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("\r").doesNotContain("?");
  }

  @Test
  void aTaskOfUnknownSizeSaysOnlyWhenItStartsAndEnds() {
    Progress progress =
        new ConsoleProgress(false, new PrintStream(err, true, StandardCharsets.UTF_8));

    try (Progress.Task task = progress.start("reading", -1)) {
      task.stepTo(5_000);
      task.done();
    }

    assertThat(lines()).containsExactly("reading: started", "reading: done (5000 steps)");
  }

  @Test
  void oneStepIsSaidInTheSingular() {
    Progress progress =
        new ConsoleProgress(false, new PrintStream(err, true, StandardCharsets.UTF_8));

    try (Progress.Task task = progress.start("training rich", 1)) {
      task.stepTo(1);
      task.done();
    }

    assertThat(lines())
        .containsExactly("training rich: started (1 step)", "training rich: done (1 step)");
  }

  @Test
  void aTaskEndedByAFailureSaysItStoppedNotThatItIsDone() {
    Progress progress =
        new ConsoleProgress(false, new PrintStream(err, true, StandardCharsets.UTF_8));

    try (Progress.Task task = progress.start("reading missing.csv", -1)) {
      task.stepTo(3);
      throw new IllegalStateException("no such file");
    } catch (IllegalStateException expected) {
      // The caller reports it after the task's last line.
    }

    assertThat(lines())
        .containsExactly("reading missing.csv: started", "reading missing.csv: stopped (3 steps)");
  }
}
