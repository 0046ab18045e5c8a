package org.latamml.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.latamml.training.Progress;

/** Draws progress bars on stderr, so that stdout holds only results. */
final class ConsoleProgress implements Progress {

  @Override
  public Task start(String task, long total) {
    ProgressBar bar =
        new ProgressBarBuilder()
            .setTaskName(task)
            .setInitialMax(total)
            .setStyle(ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis(250)
            .continuousUpdate()
            .setConsumer(new ConsoleProgressBarConsumer(System.err))
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
}
