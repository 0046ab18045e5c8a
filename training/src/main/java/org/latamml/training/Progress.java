package org.latamml.training;

/** Where long work reports how far it got; the command line draws it on stderr. */
public interface Progress {

  /** Reports nothing: for tests and for callers that want quiet. */
  Progress NONE = (task, total) -> Task.NONE;

  /** Starts a task of {@code total} steps (or -1 when unknown). */
  Task start(String task, long total);

  /** One task under way. */
  interface Task extends AutoCloseable {
    /** Does nothing. */
    Task NONE = steps -> {};

    /** Moves to step {@code steps}. */
    void stepTo(long steps);

    /** The task reached its end: reported as done. A task closed without it stopped short. */
    default void done() {}

    @Override
    default void close() {}
  }
}
