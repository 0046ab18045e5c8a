package org.latamml.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.MultiMap;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.latamml.problem.InvalidInputProblem;

class BoardQueriesTest {
  private static final String AFTERNOON = "from=2017-12-31T14:00&hours=3&as_of=2017-12-31T15:00";

  private final MovingClock clock = new MovingClock(Instant.parse("2017-12-31T17:00:00Z"));
  private final BoardQueries queries = new BoardQueries(clock);
  private final AtomicInteger decoded = new AtomicInteger();

  @Test
  void readsAQueryNamingBothTimesOnce() {
    BoardWindow first = queries.windowOf(AFTERNOON, params(AFTERNOON));
    BoardWindow again = queries.windowOf(AFTERNOON, params(AFTERNOON));

    assertEquals(LocalDateTime.parse("2017-12-31T14:00"), again.from());
    assertEquals(first, again);
    assertEquals(1, decoded.get());
  }

  /** The query, and the time it leaves to its default: this minute. */
  @ParameterizedTest
  @CsvSource({"from=2017-12-31T14:00&hours=3, as_of", "hours=3&as_of=2017-12-31T15:00, from"})
  void readsAWindowLeftToADefaultAgainAtTheNextMinute(String query, String defaulted) {
    Function<BoardWindow, LocalDateTime> time =
        defaulted.equals("from") ? BoardWindow::from : BoardWindow::asOf;
    BoardWindow before = queries.windowOf(query, params(query));
    clock.advance(Duration.ofMinutes(1));
    BoardWindow after = queries.windowOf(query, params(query));

    assertEquals(LocalDateTime.parse("2017-12-31T14:00"), time.apply(before));
    assertEquals(LocalDateTime.parse("2017-12-31T14:01"), time.apply(after));
    assertEquals(2, decoded.get());
  }

  @Test
  void keepsEachQueryUnderItsOwnTextWhateverTheClock() {
    String afternoon = AFTERNOON;
    String evening = "from=2017-12-31T20:00&hours=1&as_of=2017-12-31T19:00";
    queries.windowOf(afternoon, params(afternoon));
    queries.windowOf(evening, params(evening));
    clock.advance(Duration.ofHours(5));

    assertEquals(
        LocalDateTime.parse("2017-12-31T14:00"),
        queries.windowOf(afternoon, params(afternoon)).from());
    assertEquals(
        LocalDateTime.parse("2017-12-31T20:00"), queries.windowOf(evening, params(evening)).from());
    assertEquals(2, decoded.get());
  }

  @Test
  void readsAQueryWithABlankTimeAgain() {
    String query = "from=2017-12-31T14:00&as_of=%20";
    queries.windowOf(query, params(query));
    clock.advance(Duration.ofMinutes(1));

    assertEquals(
        LocalDateTime.parse("2017-12-31T14:01"), queries.windowOf(query, params(query)).asOf());
  }

  @Test
  void refusesAQueryAsOftenAsItIsSent() {
    String query = "from=2017-12-31T14:00&hours=25&as_of=2017-12-31T15:00";

    assertThrows(InvalidInputProblem.class, () -> queries.windowOf(query, params(query)));
    assertThrows(InvalidInputProblem.class, () -> queries.windowOf(query, params(query)));
    assertEquals(2, decoded.get());
  }

  @Test
  void readsNoQueryAsTheDefaultWindowOfThisMinute() {
    BoardWindow window = queries.windowOf(null, () -> MultiMap.caseInsensitiveMultiMap());

    LocalDateTime now = LocalDateTime.parse("2017-12-31T14:00");
    assertEquals(new BoardWindow(now, 3, now), window);
  }

  /** The query's parameters as Vert.x decodes them, counting each time they are asked for. */
  private Supplier<MultiMap> params(String query) {
    return () -> {
      decoded.incrementAndGet();
      MultiMap params = MultiMap.caseInsensitiveMultiMap();
      new QueryStringDecoder(query, false).parameters().forEach(params::add);
      return params;
    };
  }

  /** Santiago's summer time (UTC-3) at an instant a test moves on. */
  private static final class MovingClock extends Clock {
    private Instant now;

    MovingClock(Instant now) {
      this.now = now;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.ofHours(-3);
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("one zone");
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
