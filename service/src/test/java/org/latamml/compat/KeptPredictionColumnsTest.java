package org.latamml.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.latamml.explanation.Explanation;
import org.latamml.features.FlightContext;
import org.latamml.prediction.KeptPrediction;
import org.latamml.prediction.Prediction;
import org.latamml.rollout.Serving;

/**
 * The predictions kept in columns: given back as a kept prediction gives them back, only for their
 * own id, flight stamp, context and rollout, for the store's latest flights.
 */
class KeptPredictionColumnsTest {
  private static final Serving SERVING = new Serving(null, null, null);
  private static final Object STAMP = new Object();
  private static final FlightContext READ =
      new FlightContext(3, 17, 1.0 / 3, -7.0 / 3, 0.1, 2.0 / 7, 41, 0.7, 1e-3, 0.25, 0.9, 1.0, 0);

  @Test
  void givesBackThePredictionAsAKeptPredictionDoes() {
    KeptPredictionColumns kept = new KeptPredictionColumns(10);
    Prediction withContext =
        new Prediction(0.987654321012, true, "2.0.0", "no departures known", null, -5L, READ);
    Prediction without = new Prediction(0.25, false, "1.1.0", null, null, 9L, null);

    kept.keep(1, SERVING, STAMP, null, withContext, 2);
    kept.keep(2, SERVING, STAMP, null, without, 2);

    assertThat(kept.find(1, SERVING, STAMP, null))
        .isEqualTo(KeptPrediction.of(withContext).prediction());
    assertThat(kept.find(2, SERVING, STAMP, null)).isEqualTo(without);
  }

  @Test
  void findsNothingOnceTheFlightOrItsDeparturesChanged() {
    KeptPredictionColumns kept = new KeptPredictionColumns(10);
    Object context = new Object();
    kept.keep(1, SERVING, STAMP, context, prediction(1), 1);

    assertThat(kept.find(1, SERVING, new Object(), context)).isNull();
    assertThat(kept.find(1, SERVING, STAMP, new Object())).isNull();
    assertThat(kept.find(1, SERVING, STAMP, context)).isEqualTo(prediction(1));
  }

  @Test
  void findsNothingUnderAnotherRollout() {
    KeptPredictionColumns kept = new KeptPredictionColumns(10);
    kept.keep(1, SERVING, STAMP, null, prediction(1), 2);
    kept.keep(2, SERVING, STAMP, null, prediction(2), 2);

    assertThat(kept.find(1, new Serving(null, null, null), STAMP, null)).isNull();
    assertThat(kept.find(2, SERVING, STAMP, null)).isEqualTo(prediction(2));
  }

  @Test
  void keepsANewRolloutsPredictionsOnlyOnceTheOldOnesAreDropped() {
    KeptPredictionColumns kept = new KeptPredictionColumns(10);
    Serving next = new Serving(null, null, null);
    kept.keep(1, SERVING, STAMP, null, prediction(1), 2);

    kept.keep(2, next, STAMP, null, prediction(2), 2);
    Prediction beforeTheDrop = kept.find(2, next, STAMP, null);
    kept.dropUnlessOf(next);
    kept.keep(2, next, STAMP, null, prediction(2), 2);

    assertThat(beforeTheDrop).isNull();
    assertThat(kept.find(2, next, STAMP, null)).isEqualTo(prediction(2));
    assertThat(kept.find(1, next, STAMP, null)).isNull();
  }

  @Test
  void aRequestFinishingUnderARetiredRolloutDoesNotReplaceTheNewOnesPredictions() {
    KeptPredictionColumns kept = new KeptPredictionColumns(10);
    Serving next = new Serving(null, null, null);
    kept.keep(1, next, STAMP, null, prediction(1), 2);

    kept.keep(2, SERVING, STAMP, null, prediction(2), 2);

    assertThat(kept.find(1, next, STAMP, null)).isEqualTo(prediction(1));
    assertThat(kept.find(2, SERVING, STAMP, null)).isNull();
  }

  @Test
  void keepsNoPredictionWithAnExplanation() {
    KeptPredictionColumns kept = new KeptPredictionColumns(10);
    Prediction explained =
        new Prediction(0.25, false, "1.1.0", null, new Explanation(0.1, -2.0, List.of()), 9L, null);

    kept.keep(1, SERVING, STAMP, null, explained, 1);

    assertThat(kept.find(1, SERVING, STAMP, null)).isNull();
  }

  @Test
  void keepsTheLatestFlightsOfAStoreLargerThanItKeeps() {
    KeptPredictionColumns kept = new KeptPredictionColumns(3);
    for (long id = 1; id <= 10; id++) {
      kept.keep(id, SERVING, STAMP, null, prediction(id), 10);
    }

    assertThat(ids(kept, 1, 10)).containsExactly(8L, 9L, 10L);
  }

  @Test
  void neverAnswersAFlightWithThePredictionOfAnotherInItsPlace() {
    KeptPredictionColumns kept = new KeptPredictionColumns(3);
    for (long id = 1; id <= 3; id++) {
      kept.keep(id, SERVING, STAMP, null, prediction(id), 3);
    }

    kept.keep(7, SERVING, STAMP, null, prediction(7), 9);

    assertThat(kept.find(1, SERVING, STAMP, null)).isNull();
    assertThat(kept.find(4, SERVING, STAMP, null)).isNull();
    assertThat(kept.find(7, SERVING, STAMP, null)).isEqualTo(prediction(7));
  }

  @Test
  void keepsWhatItHeldAsTheStoreGrows() {
    KeptPredictionColumns kept = new KeptPredictionColumns(1_000);
    kept.keep(1, SERVING, STAMP, null, prediction(1), 2);
    kept.keep(2, SERVING, STAMP, null, prediction(2), 2);

    kept.keep(500, SERVING, STAMP, null, prediction(500), 600);

    assertThat(ids(kept, 1, 600)).containsExactly(1L, 2L, 500L);
    assertThat(kept.find(2, SERVING, STAMP, null)).isEqualTo(prediction(2));
  }

  @Test
  void keepsNothingWhenItKeepsNoneAndFindsNothingForIdsNoFlightHas() {
    KeptPredictionColumns none = new KeptPredictionColumns(0);
    none.keep(1, SERVING, STAMP, null, prediction(1), 1);
    KeptPredictionColumns kept = new KeptPredictionColumns(3);
    kept.keep(1, SERVING, STAMP, null, prediction(1), 1);

    assertThat(none.find(1, SERVING, STAMP, null)).isNull();
    assertThat(kept.find(0, SERVING, STAMP, null)).isNull();
    assertThat(kept.find(-1, SERVING, STAMP, null)).isNull();
    assertThat(kept.find(Long.MAX_VALUE, SERVING, STAMP, null)).isNull();
  }

  @Test
  void namesEachPredictionsOwnVersionAndFallback() {
    KeptPredictionColumns kept = new KeptPredictionColumns(10);
    Prediction champion = new Prediction(0.1, false, "2.0.0", null, null, 1L, null);
    Prediction challenger = new Prediction(0.2, false, "2.1.0", null, null, 2L, null);
    Prediction fallback = new Prediction(0.3, true, "1.1.0", "no route known", null, 3L, null);

    kept.keep(1, SERVING, STAMP, null, champion, 3);
    kept.keep(2, SERVING, STAMP, null, challenger, 3);
    kept.keep(3, SERVING, STAMP, null, fallback, 3);

    assertThat(kept.find(1, SERVING, STAMP, null)).isEqualTo(champion);
    assertThat(kept.find(2, SERVING, STAMP, null)).isEqualTo(challenger);
    assertThat(kept.find(3, SERVING, STAMP, null)).isEqualTo(fallback);
  }

  @Test
  void everyFlightAmongTheLatestIsFoundWithItsLastPrediction() {
    LatestFlightsKeptCheck.everyFlightAmongTheLatestIsFoundWithTheLastKept(capacity ->
        new LatestFlightsKeptCheck.Keeper() {
          private final KeptPredictionColumns kept = new KeptPredictionColumns(capacity);

          @Override
          public Object keep(long id, long latest, Random random) {
            Prediction prediction =
                new Prediction(random.nextDouble(), false, "2.0.0", null, null, id, null);
            kept.keep(id, SERVING, STAMP, null, prediction, latest);
            return prediction;
          }

          @Override
          public Object find(long id) {
            return kept.find(id, SERVING, STAMP, null);
          }

          @Override
          public long idOf(Object found) {
            return ((Prediction) found).inputDigest();
          }

          @Override
          public boolean isKept(long id, long latest) {
            return kept.isKept(id, latest);
          }
        });
  }

  @Test
  void neverGivesBackAPredictionMixedFromTwoWrittenAtOnce() throws Exception {
    // Two writers put predictions whose every field says which one it is, each under its own
    // flight stamp and context, into the same places for a second while a reader reads them: a
    // place read while written would mix the two, or give one under the other's stamps.
    KeptPredictionColumns kept = new KeptPredictionColumns(8);
    List<Object> stamps = List.of(new Object(), new Object());
    List<Object> contexts = List.of(new Object(), new Object());
    AtomicBoolean writing = new AtomicBoolean(true);
    CyclicBarrier start = new CyclicBarrier(3);
    List<Thread> writers = new ArrayList<>();
    for (int writer = 0; writer < 2; writer++) {
      Prediction prediction = saying(writer + 1);
      Object stamp = stamps.get(writer);
      Object context = contexts.get(writer);
      writers.add(
          Thread.ofPlatform()
              .start(() -> {
                await(start);
                for (long i = 0; writing.get(); i++) {
                  kept.keep(1 + i % 8, SERVING, stamp, context, prediction, 8);
                }
              }));
    }
    List<Prediction> wrong = new ArrayList<>();
    long found = 0;
    await(start);
    for (long end = System.nanoTime() + 1_000_000_000L; System.nanoTime() < end; ) {
      for (long id = 1; id <= 8; id++) {
        for (int writer = 0; writer < 2; writer++) {
          Prediction read = kept.find(id, SERVING, stamps.get(writer), contexts.get(writer));
          if (read != null) {
            found++;
            if (!read.equals(keptSaying(writer + 1)) && wrong.size() < 3) {
              wrong.add(read);
            }
          }
        }
      }
    }
    writing.set(false);
    for (Thread writer : writers) {
      writer.join();
    }

    assertThat(wrong).isEmpty();
    assertThat(found).isPositive();
  }

  @Test
  void namesEachFlightsOwnVersionWhileTheColumnsGrow() throws Exception {
    // Two writers keep the flights of a store growing a flight at a time, each flight's prediction
    // naming a version of its own, a new one every 1,500 flights (the columns grow, and learn
    // versions, as they are
    // written), while a reader asks for flights already kept: each found names its own.
    KeptPredictionColumns kept = new KeptPredictionColumns(1_000_000);
    AtomicLong latest = new AtomicLong();
    CyclicBarrier start = new CyclicBarrier(3);
    List<Thread> writers = new ArrayList<>();
    for (int writer = 0; writer < 2; writer++) {
      writers.add(
          Thread.ofPlatform()
              .start(() -> {
                await(start);
                for (long id = 1; id <= 300_000; id++) {
                  latest.accumulateAndGet(id, Math::max);
                  kept.keep(id, SERVING, STAMP, null, ofVersion(id), id);
                }
              }));
    }
    List<Prediction> wrong = new ArrayList<>();
    long found = 0;
    Random random = new Random(7);
    await(start);
    while (writers.stream().anyMatch(Thread::isAlive)) {
      long id = 1 + random.nextLong(Math.max(1, latest.get()));
      Prediction read = kept.find(id, SERVING, STAMP, null);
      if (read != null) {
        found++;
        if (!read.equals(ofVersion(id)) && wrong.size() < 3) {
          wrong.add(read);
        }
      }
    }
    for (Thread writer : writers) {
      writer.join();
    }

    assertThat(wrong).isEmpty();
    assertThat(found).isPositive();
  }

  @Test
  void dropsThePredictionsOfAnotherRolloutOnly() {
    KeptPredictionColumns kept = new KeptPredictionColumns(10);
    Serving next = new Serving(null, null, null);
    kept.keep(1, SERVING, STAMP, null, prediction(1), 1);

    kept.dropUnlessOf(SERVING);
    Prediction afterItsOwn = kept.find(1, SERVING, STAMP, null);
    kept.dropUnlessOf(next);

    assertThat(afterItsOwn).isEqualTo(prediction(1));
    assertThat(kept.find(1, SERVING, STAMP, null)).isNull();
  }

  /** A flight's prediction naming a version of every 1,500 flights, told apart by its id. */
  private static Prediction ofVersion(long id) {
    return new Prediction(id / 1e6, false, "3.0." + id / 1500, null, null, id, null);
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await();
    } catch (InterruptedException | BrokenBarrierException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A prediction each of whose fields says {@code value}. */
  private static Prediction saying(int value) {
    double rate = value / 10.0;
    return new Prediction(
        rate,
        value % 2 == 0,
        "2.0." + value,
        null,
        null,
        value,
        new FlightContext(
            value, value, rate, rate, rate, rate, value, rate, rate, rate, rate, rate, rate));
  }

  /** {@link #saying}'s prediction as kept: its context's rates as floats. */
  private static Prediction keptSaying(int value) {
    return KeptPrediction.of(saying(value)).prediction();
  }

  /** A prediction told apart by its id. */
  private static Prediction prediction(long id) {
    return new Prediction(id / 1000.0, id % 2 == 0, "2.0.0", null, null, id, null);
  }

  private static List<Long> ids(KeptPredictionColumns kept, long from, long to) {
    List<Long> found = new ArrayList<>();
    for (long id = from; id <= to; id++) {
      if (kept.find(id, SERVING, STAMP, null) != null) {
        found.add(id);
      }
    }
    return found;
  }
}
