package org.latamml.registry;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;
import org.latamml.artifact.DelayModel;
import org.latamml.artifact.ModelArtifactException;
import org.latamml.artifact.ModelDirectory;
import org.latamml.config.RefusedStart;
import org.latamml.config.ServicePaths;
import org.latamml.config.ServiceSettings;
import org.latamml.features.FlightField;
import org.latamml.problem.InvalidInputProblem;
import org.latamml.problem.NotFoundProblem;

/**
 * The models in {@code Models/} and the one served, which {@code version.txt} names. The served
 * model is loaded once, at start; it is held so that it can later be switched without a restart.
 */
@Singleton
@Startup
public class ModelRegistry {
  private static final Logger LOG = Logger.getLogger(ModelRegistry.class);

  private final ServicePaths paths;
  private final ScheduledExecutorService scheduler;
  private final AtomicReference<DelayModel> served = new AtomicReference<>();
  private final String fallbackVersion;
  private volatile DelayModel fallback;
  private volatile List<String> versions = List.of();

  ModelRegistry(ServiceSettings settings, ScheduledExecutorService scheduler) {
    this.paths = ServicePaths.of(settings);
    this.scheduler = scheduler;
    this.fallbackVersion = settings.fallbackVersion();
  }

  /** Loads the served model; not in the constructor, which the CDI client proxy also calls. */
  @PostConstruct
  void loadServed() {
    DelayModel model;
    try {
      model = StartingModel.take(paths).orElseGet(() -> load(paths));
    } catch (ModelArtifactException | IllegalArgumentException e) {
      throw RefusedStart.because(e.getMessage());
    }
    served.set(model);
    versions = listVersions();
    LOG.infof(
        "serving model %s (%s, %s, %d inputs) from %s",
        model.version(),
        model.card().algorithm(),
        model.card().featureSet(),
        model.encoder().width(),
        paths.models());
    if (mayNeedFallback(model)) {
      try {
        fallback = loadFallback();
      } catch (IllegalStateException e) {
        throw RefusedStart.because(e.getMessage());
      }
    }
  }

  /**
   * Whether a model cannot score every flight honestly (it reads the airport's last hours or the
   * destination), so that the fallback model must be at hand: loaded with the first such model, at
   * start or at a switch, never for a model that needs none.
   */
  private static boolean mayNeedFallback(DelayModel model) {
    return model.encoder().needsContext()
        || model.encoder().sources().contains(FlightField.DESTINATION);
  }

  /**
   * The fallback model, or null when the folder does not hold it.
   *
   * @throws IllegalStateException in one sentence when it cannot load or would need a fallback
   *     itself
   */
  private DelayModel loadFallback() {
    if (!java.nio.file.Files.exists(paths.modelDirectory().card(fallbackVersion))) {
      LOG.infof("no fallback model: %s is not in %s", fallbackVersion, paths.models());
      return null;
    }
    DelayModel candidate;
    try {
      candidate = DelayModel.load(paths.modelDirectory().card(fallbackVersion));
    } catch (ModelArtifactException e) {
      throw new IllegalStateException(
          "the fallback model (latam.fallback-version) cannot load: " + e.getMessage(), e);
    }
    if (mayNeedFallback(candidate)) {
      candidate.close();
      throw new IllegalStateException(
          "the fallback model "
              + fallbackVersion
              + " (latam.fallback-version) needs the airport's departures or the destination:"
              + " choose one that needs only the schedule, airline and flight type");
    }
    LOG.infof("fallback model %s loaded", fallbackVersion);
    return candidate;
  }

  /** The model that answers when the served one cannot honestly, if there is one. */
  public Optional<DelayModel> fallback() {
    return Optional.ofNullable(fallback);
  }

  /**
   * Begins loading the served model on its own thread, before Quarkus starts: the registry takes it
   * when Quarkus creates it, and a model that fails to load stops the start with one line and exit
   * code 2.
   */
  public static void beginLoading(ServicePaths paths) {
    StartingModel.begin(paths);
  }

  /**
   * Loads the model {@code version.txt} names, checking card and file.
   *
   * @throws ModelArtifactException in one sentence naming the file at fault
   */
  public static DelayModel load(ServicePaths paths) {
    String version = ModelDirectory.readServedVersion(paths.versionFile());
    return DelayModel.load(paths.modelDirectory().card(version));
  }

  /**
   * Serves another version from now on. The one it replaces is closed a minute later, once the
   * requests it was scoring are done.
   *
   * @throws org.latamml.problem.NotFoundProblem when the version has no card
   * @throws org.latamml.problem.InvalidInputProblem when it is not a version or fails to load
   */
  public synchronized void switchTo(String version) {
    try {
      ModelDirectory.checkVersion(version);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputProblem("version", e.getMessage());
    }
    java.nio.file.Path card = paths.modelDirectory().card(version);
    if (!java.nio.file.Files.exists(card)) {
      throw new NotFoundProblem(
          "model-not-found", "model " + version + " has no card in " + paths.models());
    }
    DelayModel next;
    try {
      next = DelayModel.load(card);
    } catch (ModelArtifactException e) {
      throw new InvalidInputProblem("version", e.getMessage());
    }
    if (fallback == null && mayNeedFallback(next)) {
      try {
        fallback = loadFallback();
      } catch (IllegalStateException e) {
        next.close();
        throw new InvalidInputProblem("version", e.getMessage());
      }
    }
    DelayModel previous = served.getAndSet(next);
    versions = listVersions();
    LOG.infof(
        "now serving model %s (was %s)", version, previous == null ? "none" : previous.version());
    if (previous != null) {
      var unused = scheduler.schedule(previous::close, 60, TimeUnit.SECONDS);
    }
  }

  /** The model answering predictions now. */
  public DelayModel served() {
    return served.get();
  }

  /** The versions in the model folder that have a card, as listed when the model was loaded. */
  public List<String> versions() {
    return versions;
  }

  private List<String> listVersions() {
    try {
      return paths.modelDirectory().versions();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @PreDestroy
  void close() {
    DelayModel model = served.getAndSet(null);
    if (model != null) {
      model.close();
    }
    if (fallback != null) {
      fallback.close();
    }
  }
}
