package org.latamml.prediction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.jboss.logging.Logger;
import org.latamml.artifact.DelayModel;
import org.latamml.config.ServiceSettings;
import org.latamml.flight.Flight;
import org.latamml.rollout.Serving;

/**
 * A shadow challenger's work: after a request is answered, the challenger scores the same flights
 * on a thread of its own, and its predictions go to the prediction log only (in a canary, the
 * champion scores the challenger's flights the same way, for the comparison on the same flights).
 * The work waits in a bounded queue; when it is full, the work is dropped and counted ({@code
 * latam_shadow_predictions_total{outcome="dropped"}}), so a slow challenger never slows requests.
 */
@Singleton
public class ShadowScoring {
  private static final Logger LOG = Logger.getLogger(ShadowScoring.class);

  private final ThreadPoolExecutor worker;
  private final LongAdder scored = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder failed = new LongAdder();
  // Set once, after construction: the predictor needs this, and this scores with the predictor.
  private volatile Predictor predictor;

  @Inject
  ShadowScoring(ServiceSettings settings, MeterRegistry metrics) {
    this.worker =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(settings.rollout().shadowQueue()),
            task -> {
              Thread thread = new Thread(task, "shadow-scoring");
              thread.setDaemon(true);
              return thread;
            },
            (task, executor) -> dropped.increment());
    for (var outcome : List.of("scored", "dropped", "failed")) {
      FunctionCounter.builder(
              "latam_shadow_predictions",
              outcome.equals("scored") ? scored : outcome.equals("dropped") ? dropped : failed,
              LongAdder::doubleValue)
          .description("shadow requests: scored by the challenger, dropped (queue full), failed")
          .tags("outcome", outcome)
          .register(metrics);
    }
  }

  /**
   * Has {@code serving}'s shadow challenger, if it has one, score the flights after this; in a
   * canary, has the champion score the challenger's flights, so that the two versions are compared
   * on the same flights.
   */
  void submit(Serving serving, List<Flight> flights, long[] ids, Ask ask) {
    DelayModel model = serving.shadow();
    List<Flight> shadowed = flights;
    long[] shadowedIds = ids;
    if (model == null && serving.isCanary()) {
      model = serving.champion();
      shadowed = new java.util.ArrayList<>();
      long[] kept = ids == null ? null : new long[ids.length];
      for (int i = 0; i < flights.size(); i++) {
        if (serving.answering(flights.get(i)) == serving.challenger()) {
          if (kept != null) {
            kept[shadowed.size()] = ids[i];
          }
          shadowed.add(flights.get(i));
        }
      }
      shadowedIds = kept == null ? null : java.util.Arrays.copyOf(kept, shadowed.size());
    }
    if (model == null || shadowed.isEmpty()) {
      return;
    }
    Predictor scoring = predictor;
    Ask quiet = new Ask(ask.route(), ask.requestId(), null, false, ask.asOf(), ask.given());
    DelayModel shadow = model;
    List<Flight> work = shadowed;
    long[] workIds = shadowedIds;
    worker.execute(() -> score(scoring, shadow, work, workIds, quiet));
  }

  void use(Predictor owner) {
    this.predictor = owner;
  }

  private void score(
      Predictor scoring, DelayModel model, List<Flight> flights, long[] ids, Ask ask) {
    // Retired since the request: the shadow it belonged to has ended.
    if (!model.tryAcquire()) {
      return;
    }
    try {
      scoring.recordShadow(scoring.predictAllWith(model, flights, ask), flights, ids, ask);
      scored.increment();
    } catch (RuntimeException e) {
      failed.increment();
      LOG.debugf("shadow model %s could not score: %s", model.version(), e.getMessage());
    } finally {
      model.release();
    }
  }

  /** Waits until the shadow work queued before the call is done, at most {@code millis}. */
  public boolean drain(long millis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (worker.getQueue().size() > 0 || worker.getActiveCount() > 0) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(5);
    }
    return true;
  }

  /**
   * Stops at shutdown, before the models close: work waiting is dropped, the work under way ends
   * first (a model must not close under it).
   */
  void stop(@Observes ShutdownEvent event) {
    worker.shutdownNow();
    try {
      if (!worker.awaitTermination(3, TimeUnit.SECONDS)) {
        LOG.warn("shadow scoring did not stop within 3 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
