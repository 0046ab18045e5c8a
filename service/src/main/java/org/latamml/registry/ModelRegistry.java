package org.latamml.registry;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;
import org.latamml.artifact.DelayModel;
import org.latamml.artifact.ModelArtifactException;
import org.latamml.artifact.ModelCard;
import org.latamml.artifact.ModelCards;
import org.latamml.artifact.ModelDirectory;
import org.latamml.config.ServicePaths;
import org.latamml.config.ServiceSettings;
import org.latamml.features.FlightField;
import org.latamml.problem.InvalidInputProblem;
import org.latamml.problem.NotFoundProblem;
import org.latamml.problem.ServiceUnavailableProblem;

/**
 * The models in the model folder ({@code Models/}), and those of them loaded: a version is loaded
 * once, warmed, and shared by whoever serves it until it is retired, when it closes after its last
 * request. The rollout ({@link org.latamml.rollout.ServedRollout}) decides which are served.
 */
@Singleton
public class ModelRegistry {
  private static final Logger LOG = Logger.getLogger(ModelRegistry.class);

  private final ServicePaths paths;
  private final ModelStore store;
  private final String fallbackVersion;
  // Guarded by this: the loaded versions not retired.
  private final Map<String, DelayModel> loaded = new HashMap<>();
  // A version's card never changes: the store refuses a second upload of a version.
  private final Map<String, ModelCard> cards = new java.util.concurrent.ConcurrentHashMap<>();
  // The versions whose cards could not be read, with why, as last logged.
  private final Map<String, String> unreadable = new java.util.concurrent.ConcurrentHashMap<>();
  private volatile DelayModel fallback;
  private static final long LISTING_NANOS = 5_000_000_000L;
  private volatile List<String> versions = List.of();
  private volatile long listedAt;

  ModelRegistry(ServiceSettings settings, ModelStore store) {
    this.paths = ServicePaths.of(settings);
    this.store = store;
    this.fallbackVersion = settings.fallbackVersion();
  }

  /**
   * Begins loading the model {@code version.txt} names on its own thread, before Quarkus starts:
   * the rollout takes it when it serves that version, as it does on an empty store's first start.
   */
  public static void beginLoading(ServicePaths paths) {
    StartingModel.begin(paths);
  }

  /** The file that names the first champion of an empty store ({@code version.txt}). */
  public java.nio.file.Path versionFile() {
    return paths.versionFile();
  }

  /**
   * The version {@code version.txt} names: the first champion of an empty store.
   *
   * @throws ModelArtifactException when the file is missing or names no version
   */
  public String startingVersion() {
    return ModelDirectory.readServedVersion(paths.versionFile());
  }

  /**
   * The loaded model of {@code version}, loading and warming it first when no one serves it yet.
   *
   * @throws NotFoundProblem when the model folder holds no such version
   * @throws InvalidInputProblem when it is not a version, fails to load, or needs a fallback model
   *     that fails to load
   */
  public synchronized DelayModel open(String version) {
    DelayModel model = loaded.get(version);
    if (model != null) {
      return model;
    }
    model = takeStarting(version);
    if (model == null) {
      model = load(version);
    }
    try {
      // A card with probes proves its graph is the one trained; one without (made before probes)
      // is served as it was.
      if (!model.card().probes().isEmpty()) {
        model.checkProbes();
      }
      warm(model);
      if (fallback == null && mayNeedFallback(model)) {
        fallback = loadFallback();
      }
    } catch (ModelArtifactException | IllegalStateException e) {
      model.close();
      throw new InvalidInputProblem("version", e.getMessage());
    }
    loaded.put(version, model);
    LOG.infof(
        "loaded model %s (%s, %s, %d inputs) from %s, scored by %s",
        model.version(),
        model.card().algorithm(),
        model.card().featureSet(),
        model.encoder().width(),
        store.describe(),
        model.scoredBy());
    return model;
  }

  /** The model begun at start, when it is {@code version}'s; null when it is not, or failed. */
  private DelayModel takeStarting(String version) {
    DelayModel early;
    try {
      early = StartingModel.take(paths).orElse(null);
    } catch (RuntimeException e) {
      // Loading it here again says why, when it is the version wanted.
      return null;
    }
    if (early != null && !early.version().equals(version)) {
      early.close();
      return null;
    }
    return early;
  }

  private DelayModel load(String version) {
    ModelVersions.checked("version", version);
    Path card;
    try {
      card =
          store
              .card(version)
              .orElseThrow(() ->
                  new NotFoundProblem(
                      "model-not-found", "model " + version + " has no card in the model store"));
    } catch (IOException e) {
      throw unreachable(e);
    }
    try {
      return DelayModel.load(card, paths.graphAnswers());
    } catch (ModelArtifactException e) {
      LOG.warnf("model %s cannot be loaded: %s", version, e.getMessage());
      throw new InvalidInputProblem("version", withoutFolder(e, card.getParent()));
    }
  }

  /**
   * Why a model's files were refused, its files named without the folder they are in (the store's,
   * its cache, an upload's staging): where the service keeps its models is not the caller's.
   */
  static String withoutFolder(ModelArtifactException e, Path folder) {
    return folder == null ? e.getMessage() : e.getMessage().replace(folder + File.separator, "");
  }

  /**
   * Scores one row before the model takes traffic: ONNX Runtime allocates its buffers on the first
   * run, which would otherwise be a request's.
   */
  private static void warm(DelayModel model) {
    model.score(new float[model.encoder().width()], 1);
  }

  /**
   * Retires every loaded model but {@code kept}: each closes once its last request is done, and the
   * registry forgets it, so that serving its version again loads it anew.
   */
  public synchronized void retireAllBut(Set<DelayModel> kept) {
    var each = loaded.values().iterator();
    while (each.hasNext()) {
      DelayModel model = each.next();
      if (!kept.contains(model)) {
        each.remove();
        model.retire();
        LOG.infof("retired model %s: it closes after its last request", model.version());
      }
    }
  }

  /**
   * Whether a model cannot score every flight honestly (it reads the airport's last hours or the
   * destination), so that the fallback model must be at hand: loaded with the first such model,
   * never for a model that needs none.
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
    Optional<Path> card;
    try {
      card = store.card(fallbackVersion);
    } catch (IOException e) {
      throw new IllegalStateException(
          "the fallback model (latam.fallback-version) cannot be fetched: " + e.getMessage(), e);
    }
    if (card.isEmpty()) {
      LOG.infof("no fallback model: %s is not in %s", fallbackVersion, store.describe());
      return null;
    }
    DelayModel candidate;
    try {
      candidate = DelayModel.load(card.get(), paths.graphAnswers());
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
    warm(candidate);
    LOG.infof("fallback model %s loaded, scored by %s", fallbackVersion, candidate.scoredBy());
    return candidate;
  }

  /** The model that answers when the served one cannot honestly, if there is one. */
  public Optional<DelayModel> fallback() {
    return Optional.ofNullable(fallback);
  }

  /**
   * The versions in the model store, listed again when the last listing is older than five seconds:
   * another instance may have added one.
   */
  public List<String> versions() {
    if (System.nanoTime() - listedAt > LISTING_NANOS) {
      try {
        refreshVersions();
      } catch (UncheckedIOException e) {
        // The last listing stands while the store does not answer.
      }
    }
    return versions;
  }

  /** Lists the model store again, after a model was added to it. */
  public void refreshVersions() {
    versions = listVersions();
    listedAt = System.nanoTime();
  }

  private List<String> listVersions() {
    try {
      return store.versions();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** 503: the model store did not answer; the caller may try again. */
  public static ServiceUnavailableProblem unreachable(IOException e) {
    // The cause names the store's folder or bucket: for the log, not for the caller.
    LOG.warnf("the model store did not answer: %s", e.getMessage());
    return new ServiceUnavailableProblem(
        "model-store-unavailable", "the model store did not answer; try again", 5);
  }

  /**
   * A version's card as its readers need it, read from the store once: without its trees, which
   * only explanations read and which make a boosted model's card megabytes to parse.
   *
   * @throws IOException when the model store does not answer
   * @throws InvalidInputProblem on {@code version} when its card cannot be read, saying why (as
   *     serving it is refused)
   */
  public Optional<ModelCard> card(String version) throws IOException {
    ModelCard known = cards.get(version);
    if (known != null) {
      return Optional.of(known);
    }
    Optional<Path> file = store.card(version);
    if (file.isEmpty()) {
      return Optional.empty();
    }
    ModelCard read;
    try {
      read = ModelCards.read(file.get()).withoutTreeTerms();
    } catch (ModelArtifactException e) {
      // Said once for each fault, not at every reading (the gauges read every version's card
      // every 30 s): the callers who ask for it are told each time.
      if (!e.getMessage().equals(unreadable.put(version, e.getMessage()))) {
        LOG.warnf("the card of model %s cannot be read: %s", version, e.getMessage());
      }
      throw new InvalidInputProblem("version", withoutFolder(e, file.get().getParent()));
    }
    cards.put(version, read);
    unreadable.remove(version);
    return Optional.of(read);
  }

  /** Where the models are. */
  public ModelStore store() {
    return store;
  }

  /** Retires every model: each closes once a request still using it is done. */
  @PreDestroy
  synchronized void close() {
    loaded.values().forEach(DelayModel::retire);
    loaded.clear();
    if (fallback != null) {
      fallback.close();
    }
  }
}
