package org.latamml.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.latamml.compat.KeptAnswers.KeptAnswer;
import org.latamml.rollout.Serving;

/** Which flights' answers are kept: the store's latest, each found only by its own id. */
class KeptAnswersTest {
  @Test
  void keepsTheLatestFlightsOfAStoreLargerThanItKeeps() {
    KeptAnswers kept = everyFlightAsked(3, 10);

    assertThat(ids(kept, 1, 10)).containsExactly(8L, 9L, 10L);
  }

  @Test
  void aFlightMakesWayForTheNewestOnceTheStoreGrowsPastIt() {
    KeptAnswers kept = everyFlightAsked(3, 3);

    kept.keep(answer(4), 4);

    assertThat(ids(kept, 1, 4)).containsExactly(2L, 3L, 4L);
  }

  @Test
  void neverAnswersAFlightWithTheAnswerOfAnotherInItsPlace() {
    KeptAnswers kept = everyFlightAsked(3, 3);

    kept.keep(answer(7), 9);

    assertThat(kept.find(1)).isNull();
    assertThat(kept.find(4)).isNull();
    assertThat(kept.find(7).id()).isEqualTo(7);
  }

  @Test
  void keepsWhatItHeldAsTheStoreGrows() {
    KeptAnswers kept = new KeptAnswers(1_000);
    kept.keep(answer(1), 2);
    kept.keep(answer(2), 2);

    kept.keep(answer(500), 600);

    assertThat(ids(kept, 1, 600)).containsExactly(1L, 2L, 500L);
  }

  @Test
  void keepsNoFlightOlderThanTheLatestItKeeps() {
    KeptAnswers kept = new KeptAnswers(3);

    kept.keep(answer(7), 10);

    assertThat(kept.find(7)).isNull();
  }

  @Test
  void keepsNothingWhenItKeepsNone() {
    KeptAnswers kept = new KeptAnswers(0);

    kept.keep(answer(1), 1);

    assertThat(kept.find(1)).isNull();
  }

  @Test
  void findsNothingForIdsNoFlightHas() {
    KeptAnswers kept = new KeptAnswers(3);
    kept.keep(answer(1), 1);

    assertThat(kept.find(0)).isNull();
    assertThat(kept.find(-1)).isNull();
    assertThat(kept.find(Long.MAX_VALUE)).isNull();
  }

  @Test
  void dropsAnotherRolloutsAnswersAtTheFirstRequestOfTheNewOne() {
    KeptAnswers kept = new KeptAnswers(3);
    Serving old = new Serving(null, null, null);
    Serving next = new Serving(null, null, null);
    kept.keep(answer(1, old), 2);

    kept.dropUnlessOf(old);
    List<Long> afterItsOwn = ids(kept, 1, 2);
    kept.keep(answer(2, next), 2);
    List<Long> whileTheOldOnesAreHeld = ids(kept, 1, 2);
    kept.dropUnlessOf(next);

    assertThat(afterItsOwn).containsExactly(1L);
    assertThat(whileTheOldOnesAreHeld).containsExactly(1L);
    assertThat(ids(kept, 1, 2)).isEmpty();
    kept.keep(answer(2, next), 2);
    assertThat(ids(kept, 1, 2)).containsExactly(2L);
  }

  @Test
  void dropsEveryAnswerAtOnce() {
    KeptAnswers kept = new KeptAnswers(3);
    kept.keep(answer(1), 2);
    kept.keep(answer(2), 2);

    kept.dropAll();

    assertThat(ids(kept, 1, 2)).isEmpty();
  }

  @Test
  void everyFlightAmongTheLatestIsFoundWithItsLastAnswer() {
    LatestFlightsKeptCheck.everyFlightAmongTheLatestIsFoundWithTheLastKept(capacity ->
        new LatestFlightsKeptCheck.Keeper() {
          private final KeptAnswers kept = new KeptAnswers(capacity);

          @Override
          public Object keep(long id, long latest, Random random) {
            KeptAnswer answer = answer(id);
            kept.keep(answer, latest);
            return answer;
          }

          @Override
          public Object find(long id) {
            return kept.find(id);
          }

          @Override
          public long idOf(Object found) {
            return ((KeptAnswer) found).id();
          }

          @Override
          public boolean isKept(long id, long latest) {
            return kept.isKept(id, latest);
          }
        });
  }

  /** Answers kept for at most {@code capacity} flights, each of a store of {@code latest} asked. */
  private static KeptAnswers everyFlightAsked(int capacity, long latest) {
    KeptAnswers kept = new KeptAnswers(capacity);
    for (long id = 1; id <= latest; id++) {
      kept.keep(answer(id), latest);
    }
    return kept;
  }

  /** An answer for this id; what it answers plays no part in where it is kept. */
  private static KeptAnswer answer(long id) {
    return answer(id, null);
  }

  private static KeptAnswer answer(long id, Serving serving) {
    return new KeptAnswer(id, new Object(), null, serving, null, null);
  }

  private static List<Long> ids(KeptAnswers kept, long from, long to) {
    List<Long> found = new java.util.ArrayList<>();
    for (long id = from; id <= to; id++) {
      if (kept.find(id) != null) {
        found.add(id);
      }
    }
    return found;
  }
}
