package org.latamml.rollout;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Singleton;
import java.util.HashSet;
import java.util.Set;
import org.jboss.logging.Logger;
import org.latamml.artifact.DelayModel;
import org.latamml.artifact.ModelArtifactException;
import org.latamml.config.RefusedStart;
import org.latamml.problem.ProblemException;
import org.latamml.registry.ModelRegistry;

/**
 * The rollout this instance serves, with its models loaded. It follows the rollout in the store
 * ({@link RolloutFollower}); a change loads and warms the new models beside the old before they
 * take traffic, and retires the old, which close after their last request.
 */
@Singleton
@Startup
public class ServedRollout {
  private static final Logger LOG = Logger.getLogger(ServedRollout.class);

  private final ModelRegistry registry;
  private final RolloutStore store;
  private volatile Serving serving;

  ServedRollout(ModelRegistry registry, RolloutStore store, MeterRegistry metrics) {
    this.registry = registry;
    this.store = store;
    Gauge.builder("latam_rollout_served", this, ServedRollout::servedId)
        .description("the id of the rollout this instance serves (GET /v1/rollout)")
        .register(metrics);
  }

  /**
   * Serves the rollout in the store, or, on an empty store's first start, the version {@code
   * version.txt} names. Not in the constructor, which the CDI client proxy also calls.
   */
  @PostConstruct
  void start() {
    try {
      Rollout rollout = store.current().orElse(null);
      if (rollout == null) {
        // The first champion is loaded before it is written: a version.txt naming a model that
        // cannot load must not become the store's rollout.
        String first = registry.startingVersion();
        registry.open(first);
        rollout = store.start(first, "version.txt");
      }
      try {
        apply(rollout);
      } catch (ProblemException e) {
        throw RefusedStart.because(
            "the rollout in force (#"
                + rollout.id()
                + ", champion "
                + rollout.champion()
                + ") cannot be served here: "
                + e.getMessage());
      }
    } catch (ModelArtifactException | IllegalArgumentException | ProblemException e) {
      throw RefusedStart.because(e.getMessage());
    }
  }

  /** The rollout served now, with its models. */
  public Serving serving() {
    return serving;
  }

  /** The rollout served now, taken for one request: {@link Serving#release} when done. */
  public Serving acquire() {
    while (true) {
      Serving current = serving;
      if (current.tryAcquire()) {
        return current;
      }
      // A change retired one of its models between the read and the take: the next is in place.
    }
  }

  /**
   * Puts {@code desired} in force on every instance, as set by {@code who}: stored once its models
   * load here, then served here at once; the others follow.
   *
   * @throws ProblemException saying which version cannot load, and why; nothing is stored then
   */
  public Serving change(Rollout desired, String who) {
    check(desired);
    return apply(store.set(desired, who));
  }

  /**
   * Returns every instance to the rollout before the one in force.
   *
   * @throws org.latamml.problem.ConflictProblem when there is none before it
   * @throws ProblemException when its models no longer load here; nothing is stored then
   */
  public Serving rollBack(String who) {
    store.beforeCurrent().ifPresent(this::check);
    return apply(store.rollback(who));
  }

  /**
   * Loads the rollout's models, checking that they can serve, without serving them: a rollout that
   * fails here is refused before it is stored.
   *
   * @throws ProblemException saying which version cannot load, and why
   */
  public synchronized void check(Rollout rollout) {
    registry.open(rollout.champion());
    if (rollout.challenger() != null) {
      registry.open(rollout.challenger());
    }
    // Loaded models not served are retired again: only the rollout served keeps models open.
    Serving current = serving;
    if (current != null) {
      registry.retireAllBut(modelsOf(current));
    }
  }

  /**
   * Serves {@code rollout} from now on: its models loaded and warmed first, then switched to in one
   * step, then the old ones retired. When a model fails to load, the rollout served stays as it
   * was.
   *
   * @throws ProblemException saying which version cannot load, and why
   */
  public synchronized Serving apply(Rollout rollout) {
    Serving current = serving;
    if (current != null && current.rollout().id() == rollout.id()) {
      return current;
    }
    DelayModel champion;
    DelayModel challenger;
    try {
      champion = registry.open(rollout.champion());
      challenger = rollout.challenger() == null ? null : registry.open(rollout.challenger());
    } catch (ProblemException e) {
      if (current != null) {
        registry.retireAllBut(modelsOf(current));
      }
      throw e;
    }
    Serving next = new Serving(rollout, champion, challenger);
    serving = next;
    registry.retireAllBut(modelsOf(next));
    LOG.infof(
        "serving rollout #%d: champion %s%s (was %s)",
        rollout.id(),
        rollout.champion(),
        rollout.challenger() == null
            ? ""
            : ", challenger "
                + rollout.challenger()
                + " ("
                + rollout.mode().wireName()
                + (rollout.mode() == Rollout.Mode.CANARY ? " " + rollout.challengerShare() : "")
                + ")",
        current == null ? "none" : "#" + current.rollout().id());
    return next;
  }

  private static Set<DelayModel> modelsOf(Serving serving) {
    Set<DelayModel> models = new HashSet<>();
    models.add(serving.champion());
    if (serving.challenger() != null) {
      models.add(serving.challenger());
    }
    return models;
  }

  private double servedId() {
    Serving current = serving;
    return current == null ? 0 : current.rollout().id();
  }
}
