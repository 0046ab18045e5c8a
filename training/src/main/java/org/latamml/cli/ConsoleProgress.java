package org.latamml.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.latamml.training.Progress;

/**
 * Reports progress on stderr, so that stdout holds only results: a bar on a terminal, and plain
 * lines (a task's start, each tenth of it, its end) where stderr is a file or a CI log, which a
 * redrawn bar would fill with unreadable partial lines.
 */
final class ConsoleProgress implements Progress {
  /** Set by the launcher: whether stderr is a terminal ({@code [ -t 2 ]}); plain lines if unset. */
  static final String TERMINAL_PROPERTY = "latam.stderr-terminal";

  private final boolean terminal;
  private final PrintStream err;

  ConsoleProgress() {
    this(Boolean.getBoolean(TERMINAL_PROPERTY), System.err);
  }

  ConsoleProgress(boolean terminal, PrintStream err) {
    this.terminal = terminal;
    this.err = err;
  }

  @Override
  public Task start(String task, long total) {
    return terminal ? bar(task, total) : new Lines(task, total, err);
  }

  private Task bar(String task, long total) {
    ProgressBar bar =
        new ProgressBarBuilder()
            .setTaskName(task)
            .setInitialMax(total)
            .setStyle(ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis(250)
            .continuousUpdate()
            .setConsumer(new ConsoleProgressBarConsumer(err))
            .build();
    return new Task() {
      @Override
      public void stepTo(long steps) {
        bar.stepTo(steps);
      }

      @Override
      public void close() {
        bar.close();
      }
    };
  }

  /** One line when the task starts, one per tenth done (when its size is known), one at its end. */
  private static final class Lines implements Task {
    private final String task;
    private final long total;
    private final PrintStream err;
    private long steps;
    private int tenthsReported;
    private boolean finished;

    Lines(String task, long total, PrintStream err) {
      this.task = task;
      this.total = total;
      this.err = err;
      err.println(task + ": started" + (total > 0 ? " (" + steps(total) + ")" : ""));
    }

    @Override
    public void stepTo(long steps) {
      this.steps = steps;
      if (total > 0) {
        int tenths = (int) Math.min(10, steps * 10 / total);
        if (tenths > tenthsReported && tenths < 10) {
          tenthsReported = tenths;
          err.println(task + ": " + steps + "/" + total + " (" + tenths * 10 + " %)");
        }
      }
    }

    @Override
    public void done() {
      finished = true;
    }

    @Override
    public void close() {
      // Closed by a failure too: its message follows, and "done" before it would say otherwise.
      err.println(
          task
              + (finished ? ": done" : ": stopped")
              + (steps > 0 ? " (" + steps(steps) + ")" : ""));
    }

    private static String steps(long count) {
      return count + (count == 1 ? " step" : " steps");
    }
  }
}
