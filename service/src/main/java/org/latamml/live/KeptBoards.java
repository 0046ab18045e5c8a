package org.latamml.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.buffer.Buffer;
import jakarta.inject.Singleton;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.latamml.board.LiveBoard;
import org.latamml.features.FlightContext;
import org.latamml.flight.Flight;
import org.latamml.live.BoardResource.Board;
import org.latamml.live.BoardResource.BoardPrediction;
import org.latamml.live.BoardResource.Context;
import org.latamml.live.BoardResource.Line;
import org.latamml.prediction.Ask;
import org.latamml.prediction.Prediction;
import org.latamml.prediction.Predictor;
import org.latamml.problem.InvalidInputProblem;
import org.latamml.rollout.Serving;
import org.latamml.store.FlightView;
import org.latamml.store.StoredFlight;

/**
 * Boards answered, as JSON: screens poll the same window, and a board changes only when an event
 * arrives or another model is served, both of which are in its key (docs/PERFORMANCE.md). {@link
 * BoardResource} makes them; the event loop ({@link BoardFastPath}) sends those already made.
 */
@Singleton
public class KeptBoards {
  /** The most flights one board shows. */
  static final int MAX_FLIGHTS = 5_000;

  private final LiveBoard board;
  private final Predictor predictor;
  private final ObjectMapper json;
  private final Cache<Key, Kept> answered =
      Caffeine.newBuilder()
          .maximumWeight(8 * 1024 * 1024)
          .<Key, Kept>weigher((key, kept) -> kept.body().length())
          .build();

  KeptBoards(LiveBoard board, Predictor predictor, ObjectMapper json) {
    this.board = board;
    this.predictor = predictor;
    this.json = json;
  }

  /** A board as JSON, and the versions that answered it, for {@code X-Model-Version}. */
  // The body is written once and never changed: every event loop sends it as it is (Vert.x writes
  // a slice of it), where a copy for each request was two thirds of what a kept board's answer
  // allocated (docs/PERFORMANCE.md).
  public record Kept(Buffer body, String versions) {}

  /** What a board depends on: its window, and the rollout and board it was made from. */
  public record Key(BoardWindow window, long rolloutId, String champion, long boardVersion) {}

  /** The key of {@code window} as things are now. */
  public Key keyOf(BoardWindow window) {
    // The rollout by its number, not its models: a kept board must not keep a retired model open.
    Serving serving = predictor.serving();
    return new Key(window, serving.rollout().id(), serving.champion().version(), board.version());
  }

  /** The board of {@code key} if one was made, else null. */
  public Kept made(Key key) {
    return answered.getIfPresent(key);
  }

  /** The board of {@code key}, made now if it was not; may read a day from the store. */
  public Kept make(Key key, Ask ask) {
    return answered.get(key, k -> keep(k, ask));
  }

  private Kept keep(Key key, Ask ask) {
    Board made = boardOf(key.window(), ask);
    String versions =
        made.flights().isEmpty()
            ? key.champion()
            : String.join(
                ", ",
                made.flights().stream()
                    .map(line -> line.prediction().modelVersion())
                    .distinct()
                    .toList());
    try {
      return new Kept(Buffer.buffer(json.writeValueAsBytes(made)), versions);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the board", e);
    }
  }

  private Board boardOf(BoardWindow window, Ask ask) {
    LocalDateTime known = ask.asOf();
    List<StoredFlight> scheduled =
        board.scheduled(window.from(), window.from().plusHours(window.hours()));
    if (scheduled.size() > MAX_FLIGHTS) {
      // Each line is scored, explained in context and written: a day of a made-up feed of tens of
      // thousands of flights ran the heap out, where the busiest airports schedule about 3,000.
      throw new InvalidInputProblem(
          "hours",
          "the window holds "
              + scheduled.size()
              + " flights, and a board shows at most "
              + MAX_FLIGHTS
              + (window.hours() > 1 ? ": ask for fewer hours" : ""));
    }
    List<Flight> flights = scheduled.stream().map(StoredFlight::flight).toList();
    List<Prediction> predictions =
        flights.isEmpty()
            ? List.of()
            : predictor.predict(
                flights, scheduled.stream().mapToLong(StoredFlight::id).toArray(), ask);
    List<Line> lines = new ArrayList<>(flights.size());
    for (int i = 0; i < flights.size(); i++) {
      Flight flight = flights.get(i);
      Prediction prediction = predictions.get(i);
      FlightContext context = board.contextOf(flight, known);
      lines.add(
          new Line(
              FlightView.of(
                  new StoredFlight(scheduled.get(i).id(), scheduled.get(i).asKnownAt(known))),
              new BoardPrediction(
                  prediction.probability(),
                  prediction.label(),
                  prediction.delayed(),
                  prediction.modelVersion(),
                  prediction.fallback(),
                  new Context(known, context.departedBefore(), board.covers(flight, known)))));
    }
    return new Board(known, lines);
  }
}
