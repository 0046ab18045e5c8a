package org.latamml.prediction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.latamml.artifact.DelayModel;

/** The score cache, around the shipped model 1.0.0 (37 one-hot inputs). */
class ScoreCacheTest {
  private static final int WIDTH = 37;
  private static DelayModel model;

  @BeforeAll
  static void load() {
    model = loadOneHotModel();
  }

  /** Another object of the shipped model 1.0.0: the cache tells models apart by identity. */
  private static DelayModel loadOneHotModel() {
    return DelayModel.load(
        Path.of(System.getProperty("latam.home", ".."), "Models")
            .resolve("Latam_flight_model.1.0.0.json"));
  }

  /** Scores {@code count} rows no flight has, each once. */
  private static void floodWithDistinctRows(ScoreCache cache, int count) {
    for (int n = 0; n < count; n++) {
      cache.score(model, distinct(n), 1);
    }
  }

  @AfterAll
  static void close() {
    model.close();
  }

  /** Row {@code n} of onehot37's 552: a month, a flight type and one of 23 airlines. */
  private static float[] oneHot(int n) {
    float[] row = new float[WIDTH];
    row[n % 12] = 1f;
    row[12 + (n / 12) % 2] = 1f;
    row[14 + (n / 24) % 23] = 1f;
    return row;
  }

  /** Rows {@code ns} of onehot37's, one after the other, as a batch's. */
  private static float[] batchOf(int... ns) {
    float[] batch = new float[WIDTH * ns.length];
    for (int i = 0; i < ns.length; i++) {
      System.arraycopy(oneHot(ns[i]), 0, batch, i * WIDTH, WIDTH);
    }
    return batch;
  }

  /** A row no flight has: for a caller sending inputs nobody else sends. */
  private static float[] distinct(int n) {
    float[] row = oneHot(n);
    row[36] = 2f + n;
    return row;
  }

  private static ScoreCache cacheOfRows(int rows) {
    return new ScoreCache(rows * (WIDTH * Float.BYTES + 96L));
  }

  @Test
  void answersWhatTheModelAnswersInTheBatchesOrder() {
    ScoreCache cache = cacheOfRows(1_000);
    float[] batch = batchOf(5, 77, 5);
    cache.score(model, oneHot(77), 1);
    cache.score(model, oneHot(77), 1);
    assertThat(cache.isCached(model, oneHot(77))).isTrue();

    double[] scores = cache.score(model, batch, 3);

    double[] direct = model.score(batch, 3);
    for (int i = 0; i < 3; i++) {
      assertThat(scores[i]).as("row %d", i).isCloseTo(direct[i], within(1e-7));
    }
  }

  @Test
  void givesEachRowsDigestWhetherTheModelOrTheCacheAnswers() {
    ScoreCache cache = cacheOfRows(1_000);
    float[] batch = batchOf(5, 77, 5);
    long[] scored = new long[3];
    long[] cached = new long[3];

    cache.score(model, batch, 3, scored);
    assertThat(cache.isCached(model, oneHot(5))).isTrue();
    cache.score(model, batch, 3, cached);

    assertThat(cached).containsExactly(scored);
    assertThat(scored[0]).isEqualTo(scored[2]).isNotEqualTo(scored[1]).isNotZero();
    assertThat(scored[1]).isEqualTo(InputDigest.of(oneHot(77), 0, WIDTH));
  }

  @Test
  void keepsARowFromTheSecondTimeItIsScored() {
    ScoreCache cache = cacheOfRows(100);

    cache.score(model, oneHot(9), 1);
    assertThat(cache.isCached(model, oneHot(9))).isFalse();

    cache.score(model, oneHot(9), 1);
    assertThat(cache.isCached(model, oneHot(9))).isTrue();
    assertThat(cache.size(model)).isEqualTo(1);
  }

  @Test
  void cachesFewRowsOfAFloodOfRowsEachScoredOnce() {
    ScoreCache cache = cacheOfRows(1_000);
    floodWithDistinctRows(cache, 5_000);

    // Only rows whose hash shares its 16 low bits with an earlier one's (about 4 % of 5,000);
    // without the doorkeeper, all 1,000 the cache holds.
    assertThat(cache.size(model)).isLessThan(500);
  }

  @Test
  void keepsCachingNewInputsAfterACallerFloodsItWithDistinctOnes() {
    ScoreCache cache = cacheOfRows(100);
    floodWithDistinctRows(cache, 5_000);

    float[] everyday = oneHot(100);
    cache.score(model, everyday, 1);
    cache.score(model, everyday, 1);

    assertThat(cache.isCached(model, everyday)).isTrue();
    assertThat(cache.size(model)).isLessThanOrEqualTo(100);
  }

  @Test
  void keepsTheInputsEveryoneAsksForWhileOneCallerSendsManyDistinctOnes() {
    ScoreCache cache = cacheOfRows(200);
    Set<Integer> everyday = new HashSet<>();
    for (int n = 0; n < 50; n++) {
      everyday.add(n);
    }
    for (int round = 0; round < 20; round++) {
      for (int n : everyday) {
        cache.score(model, oneHot(n), 1);
      }
      for (int n = 0; n < 500; n++) {
        cache.score(model, distinct(round * 500 + n), 1);
      }
    }

    long kept = everyday.stream().filter(n -> cache.isCached(model, oneHot(n))).count();
    assertThat(kept).isGreaterThanOrEqualTo(45);
  }

  @Test
  void anotherModelObjectIsAnotherKey() {
    ScoreCache cache = cacheOfRows(100);
    cache.score(model, oneHot(3), 1);
    cache.score(model, oneHot(3), 1);

    try (DelayModel reloaded = loadOneHotModel()) {
      assertThat(cache.isCached(model, oneHot(3))).isTrue();
      assertThat(cache.isCached(reloaded, oneHot(3))).isFalse();
    }
  }

  @Test
  void keepsEachModelsScoresWhileMoreModelsThanItRemembersAlternate() {
    ScoreCache cache = cacheOfRows(100);
    List<DelayModel> models = new ArrayList<>();
    try {
      for (int n = 0; n < 9; n++) {
        models.add(loadOneHotModel());
      }
      for (int round = 0; round < 3; round++) {
        for (int n = 0; n < models.size(); n++) {
          cache.score(models.get(n), oneHot(n), 1);
        }
      }

      for (int n = 0; n < models.size(); n++) {
        assertThat(cache.isCached(models.get(n), oneHot(n))).as("model %d", n).isTrue();
        assertThat(cache.isCached(models.get(n), oneHot(n + 1))).as("model %d", n).isFalse();
        assertThat(cache.size(models.get(n))).as("model %d", n).isEqualTo(1);
      }
    } finally {
      models.forEach(DelayModel::close);
    }
  }

  @Test
  void letsARetiredModelBeCollected() throws InterruptedException {
    ScoreCache cache = cacheOfRows(100);
    WeakReference<DelayModel> retired = scoredTwiceThenClosed(cache);

    long deadline = System.nanoTime() + 10_000_000_000L;
    while (retired.get() != null && System.nanoTime() < deadline) {
      System.gc();
      Thread.sleep(20);
    }

    assertThat(retired.get()).as("the retired model, still reachable").isNull();
  }

  /** A model loaded, scored twice (so cached), closed, and referenced only weakly after. */
  private static WeakReference<DelayModel> scoredTwiceThenClosed(ScoreCache cache) {
    DelayModel loaded = loadOneHotModel();
    cache.score(loaded, oneHot(1), 1);
    cache.score(loaded, oneHot(1), 1);
    assertThat(cache.isCached(loaded, oneHot(1))).isTrue();
    loaded.close();
    return new WeakReference<>(loaded);
  }
}
