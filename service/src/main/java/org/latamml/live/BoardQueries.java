package org.latamml.live;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.MultiMap;
import java.time.Clock;
import java.util.function.Supplier;
import org.latamml.problem.InvalidInputProblem;

/**
 * Board windows by the query that asked for them, each read once: screens poll the same query, and
 * reading it (decoding it, parsing two times) was two fifths of what a kept board's answer
 * allocated once it was sent without a copy (docs/PERFORMANCE.md). Only a window that does not read
 * the clock is kept ({@link BoardWindow#readsTheClock}): one that does is this minute's.
 */
final class BoardQueries {
  private final Cache<String, BoardWindow> read = Caffeine.newBuilder().maximumSize(256).build();
  private final Clock airport;

  /** Windows whose default times are this minute on {@code airport}'s clock. */
  BoardQueries(Clock airport) {
    this.airport = airport;
  }

  /**
   * The window {@code raw} asks for.
   *
   * @param raw the query as sent, without its {@code ?}; null when there is none
   * @param params its parameters decoded, asked for only when {@code raw} was not read before
   * @throws InvalidInputProblem as {@link BoardWindow#of} does; a refused query is not kept
   */
  BoardWindow windowOf(String raw, Supplier<MultiMap> params) {
    BoardWindow window = raw == null ? null : read.getIfPresent(raw);
    if (window != null) {
      return window;
    }
    MultiMap query = params.get();
    String from = query.get("from");
    String asOf = query.get("as_of");
    window = BoardWindow.of(from, query.get("hours"), asOf, airport);
    if (raw != null && !BoardWindow.readsTheClock(from, asOf)) {
      read.put(raw, window);
    }
    return window;
  }
}
