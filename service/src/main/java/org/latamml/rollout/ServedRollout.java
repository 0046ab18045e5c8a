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
 * take traffic, and retires the old, which close after their last request. Changes, here or
 * followed, happen one at a time, and never go back to an older rollout.
 */
@Singleton
@Startup
public class ServedRollout {
  private static final Logger LOG = Logger.getLogger(ServedRollout.class);

  /** How many rollouts back a start looks for one it can serve. */
  private static final int STEPS_BACK = 10;

  private final ModelRegistry registry;
  private final RolloutStore store;
  private volatile Serving serving;
  private volatile boolean behind;

  ServedRollout(ModelRegistry registry, RolloutStore store, MeterRegistry metrics) {
    this.registry = registry;
    this.store = store;
    Gauge.builder("latam_rollout_served", this, ServedRollout::servedId)
        .description("the id of the rollout this instance serves (GET /v1/rollout)")
        .register(metrics);
  }

  /**
   * Serves the rollout in the store, or, on an empty store's first start, the version {@code
   * version.txt} names. A rollout this instance cannot load is logged and the one before it served
   * (up to ten back), so that an instance still starts; with none, the start is refused. Not in the
   * constructor, which the CDI client proxy also calls.
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
      } else {
        noteVersionFile(rollout);
      }
      serveFrom(rollout);
    } catch (ModelArtifactException | IllegalArgumentException | ProblemException e) {
      // Callers are not told where the models are; the operator starting it is.
      throw RefusedStart.because(
          e.getMessage() + " (the model store: " + registry.store().describe() + ")");
    }
  }

  /**
   * Says so when the version file names another champion than the store's rollout: the file chose
   * only an empty store's first model, and a data scientist who edits it expects it served. A fact,
   * not advice: in production the rollout moves on by design (a promotion, a rollback).
   */
  private void noteVersionFile(Rollout inForce) {
    String named;
    try {
      named = registry.startingVersion();
    } catch (ModelArtifactException | IllegalArgumentException e) {
      return;
    }
    if (!named.equals(inForce.champion())) {
      LOG.infof(
          "%s names %s, but the store's rollout #%d has %s as champion: the file chooses only an"
              + " empty store's first model, and the rollout decides after",
          registry.versionFile(), named, inForce.id(), inForce.champion());
    }
  }

  private void serveFrom(Rollout inForce) {
    Rollout candidate = inForce;
    ProblemException first = null;
    for (int step = 0; step <= STEPS_BACK && candidate != null; step++) {
      try {
        apply(candidate);
        if (candidate.id() != inForce.id()) {
          behind = true;
          LOG.errorf(
              "cannot serve rollout #%d (%s); serving #%d, the latest this instance can load",
              inForce.id(), first.getMessage(), candidate.id());
        }
        return;
      } catch (ProblemException e) {
        first = first == null ? e : first;
        candidate = candidate.previousId() == null ? null : store.byId(candidate.previousId());
      }
    }
    throw RefusedStart.because(
        "the rollout in force (#"
            + inForce.id()
            + ", champion "
            + inForce.champion()
            + ") cannot be served here, nor any of the ten before it: "
            + first.getMessage());
  }

  /** The rollout served now, with its models. */
  public Serving serving() {
    return serving;
  }

  /** Whether this instance serves an older rollout than the store's, for it cannot load that. */
  public boolean isBehind() {
    return behind;
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
   * Puts {@code desired} in force on every instance, as set by {@code who}: its models loaded here
   * first, then stored, then served here at once; the others follow.
   *
   * @param inForce the rollouts the change may be made on
   * @throws ProblemException saying which version cannot load, and why, or that another rollout is
   *     in force; nothing is stored then
   */
  public synchronized Serving change(Rollout desired, String who, IfMatch inForce) {
    requireBeforeLoading(inForce);
    openOrUndo(desired);
    return applyOrUndo(() -> store.set(desired, who, inForce));
  }

  /**
   * Returns every instance to the rollout before the one in force.
   *
   * @throws org.latamml.problem.ConflictProblem when there is none before it
   * @throws ProblemException when its models no longer load here, or another rollout is in force
   *     than {@code inForce}; nothing is stored then
   */
  public synchronized Serving rollBack(String who, IfMatch inForce) {
    requireBeforeLoading(inForce);
    store.beforeCurrent().ifPresent(this::openOrUndo);
    return applyOrUndo(() -> store.rollback(who, inForce));
  }

  // A change refused by its precondition loads no model; the store checks it again as it writes,
  // where another instance's change may have come between.
  private void requireBeforeLoading(IfMatch inForce) {
    if (!inForce.isAny()) {
      inForce.require(store.currentId());
    }
  }

  /** Loads a rollout's models, or, when one cannot load, retires what it loaded and says why. */
  private void openOrUndo(Rollout rollout) {
    try {
      registry.open(rollout.champion());
      if (rollout.challenger() != null) {
        registry.open(rollout.challenger());
      }
    } catch (ProblemException e) {
      retireUnserved();
      throw e;
    }
  }

  private interface Write {
    Rollout store();
  }

  private Serving applyOrUndo(Write write) {
    Rollout written;
    try {
      written = write.store();
    } catch (RuntimeException e) {
      retireUnserved();
      throw e;
    }
    return apply(written);
  }

  private void retireUnserved() {
    Serving current = serving;
    if (current != null) {
      registry.retireAllBut(modelsOf(current));
    }
  }

  /**
   * Serves {@code rollout} from now on, unless a newer one is served: its models loaded and warmed
   * first, then switched to in one step, then the old ones retired. When a model fails to load, the
   * rollout served stays as it was.
   *
   * @throws ProblemException saying which version cannot load, and why
   */
  public synchronized Serving apply(Rollout rollout) {
    Serving current = serving;
    if (current != null && current.rollout().id() >= rollout.id()) {
      return current;
    }
    DelayModel champion;
    DelayModel challenger;
    try {
      champion = registry.open(rollout.champion());
      challenger = rollout.challenger() == null ? null : registry.open(rollout.challenger());
    } catch (ProblemException e) {
      retireUnserved();
      throw e;
    }
    Serving next = new Serving(rollout, champion, challenger);
    serving = next;
    behind = false;
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
