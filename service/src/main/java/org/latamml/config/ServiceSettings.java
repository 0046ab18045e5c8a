package org.latamml.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The service's own settings, {@code latam.*} (authentication has its own, {@code latam.auth.*});
 * each is also set by its environment variable, such as {@code LATAM_HOME}, {@code
 * LATAM_MODELS_DIR} or {@code LATAM_MAX_IN_FLIGHT}. An unknown {@code latam.*} setting stops the
 * start, so a misspelt one is never silently ignored.
 */
@ConfigMapping(prefix = "latam")
public interface ServiceSettings {
  /** The project folder: models, {@code version.txt} and the embedded store live under it. */
  Path home();

  /** The model folder, when not {@code Models/} under home. */
  Optional<Path> modelsDir();

  /**
   * The model store in Cloud Storage, such as {@code gs://bucket/models/}, shared by every
   * instance; when unset, the model folder is the store. An empty bucket is filled from the model
   * folder at start.
   */
  Optional<String> modelsBucket();

  /** Where models fetched from the bucket are kept on this machine. */
  @WithDefault("${java.io.tmpdir}/latam-models")
  Path modelsCache();

  /** The file naming the served version, when not {@code version.txt} under home. */
  Optional<Path> versionFile();

  /**
   * Where each model's graph's answers on the load's checks are kept ({@code LATAM_GRAPH_ANSWERS}),
   * so that a model loaded again from the same files is checked against them without its graph: a
   * service whose models all score in Java then never loads ONNX Runtime. Unset, every load runs
   * the graph; {@code ./latam serve} sets {@code data/graph-answers}.
   */
  Optional<Path> graphAnswers();

  /** The folder {@code POST /v1/flights/import} reads from, when not {@code data/import}. */
  Optional<Path> importDir();

  /** A raw-format file imported on start when the store is empty ({@code FLIGHTS_CSV}). */
  Optional<Path> flightsCsv();

  /**
   * The model that answers when the served one cannot honestly: the flight lacks a field it needs,
   * or its inputs include the airport's last hours and the store holds no departures for them. It
   * must need neither. It is loaded with the first served model that may need it (at start or at a
   * switch), and is absent when the folder does not hold it.
   */
  @WithDefault("1.1.0")
  String fallbackVersion();

  /** Requests in flight beyond which the service answers 503 with {@code Retry-After}. */
  @WithDefault("256")
  int maxInFlight();

  /**
   * How long a request's body may take to arrive after its headers: past it the request is answered
   * 408 and its connection closed, so that a stalled body holds no in-flight permit.
   */
  @WithDefault("15s")
  Duration bodyTimeout();

  /** Whether each request is logged as one JSON line on standard output. */
  @WithDefault("true")
  boolean requestLog();

  /** Whether routes answer their common case on the event loop, before the JAX-RS layer. */
  @WithDefault("true")
  boolean fastPath();

  /** The flight store. */
  Store store();

  /** The score cache. */
  ScoreCache scoreCache();

  /** What {@code POST /predict-flight} keeps of each stored flight's answer. */
  KeptAnswers keptAnswers();

  /** The departure board. */
  Board board();

  /**
   * The airport's time zone: flights are scheduled in its local time, and "now" (a board's default
   * {@code as_of}) is its clock.
   */
  @WithDefault("America/Santiago")
  java.time.ZoneId airportZone();

  /** The prediction log's settings. */
  PredictionLog predictionLog();

  /** The rollout's settings. */
  Rollout rollout();

  /** The monitor's settings. */
  Monitoring monitoring();

  /** The monitor: predictions joined with outcomes, live quality. */
  interface Monitoring {
    /** Whether this instance takes turns reading the prediction log for outcomes. */
    @WithDefault("true")
    boolean enabled();

    /** How often it reads what the log gained, and publishes the quality gauges. */
    @WithDefault("5s")
    Duration interval();

    /**
     * Kept predictions (a version's latest of a flight) gathered from the log per transaction: a
     * flight predicted again within them is written once.
     */
    @WithDefault("20000")
    int keptPerBatch();

    /**
     * The share of one processor the monitor keeps busy at most, on average: a turn that took t is
     * followed by a pause of at least t × (1 / share − 1) (at most five leases), and starts no
     * further batch of the log once it has worked {@code interval × share}. What it has not read
     * waits in the log (kept for {@code latam.prediction-log.retention}).
     */
    @WithDefault("0.05")
    double cpuShare();

    /**
     * How long kept predictions and outcomes are kept, counted back from the airport's now: a
     * year's window and a day more by default.
     */
    @WithDefault("367d")
    Duration retention();
  }

  /** The prediction log: every prediction, served and shadow, written to the store. */
  interface PredictionLog {
    /** Whether predictions are logged. */
    @WithDefault("true")
    boolean enabled();

    /**
     * The bytes entries may take while they wait to be written; beyond them, entries are dropped
     * and counted. In bytes, not entries: a prediction written whole takes about 93 bytes, one made
     * again in its segment (a batch sent again) about 3, so that 2 MiB holds 22,000 of the first or
     * 650,000 of the second (docs/PERFORMANCE.md, "The prediction log's room in bytes"). Unset, a
     * 64th of the heap, at least 2 MiB and at most 64 MiB.
     */
    java.util.Optional<Long> roomBytes();

    /** No longer read: the room is counted in bytes ({@link #roomBytes}); said once at start. */
    java.util.Optional<Integer> capacity();

    /** How long entries are kept. */
    @WithDefault("30d")
    Duration retention();
  }

  /** How instances follow the rollout in the store. */
  interface Rollout {
    /** How often each instance looks for a new rollout. */
    @WithDefault("1s")
    Duration refresh();

    /** Shadow predictions that may wait for the challenger; beyond them, they are dropped. */
    @WithDefault("10000")
    int shadowQueue();
  }

  /** The flight store's settings. */
  interface Store {
    /**
     * How often the store is checked for what other instances and processes changed (events,
     * imports): a departure sent to one instance shows in the others' answers within this.
     */
    @WithDefault("1s")
    Duration refresh();

    /** How often readiness probes the store in the background. */
    @WithDefault("5s")
    Duration probeInterval();

    /** How many flights are held in memory at most, when not one per 128 bytes of heap. */
    Optional<Integer> memoryFlights();
  }

  /** The departure board's settings: which days it keeps in memory. */
  interface Board {
    /**
     * Days before the airport's current day (that of the latest departure) kept current in memory.
     */
    @WithDefault("1")
    int daysBack();

    /** Days after it kept current in memory: tomorrow's schedule, published the evening before. */
    @WithDefault("1")
    int daysAhead();

    /**
     * Other days (older flights, such as the 2017 file's) kept once read, the least used dropped.
     */
    @WithDefault("16")
    int cachedDays();
  }

  /** The score cache's settings. */
  interface ScoreCache {
    /**
     * The bytes of input rows whose scores are kept: 2 MiB holds a board's and a batch caller's
     * rows (4,400 rich ones), where 8 MiB held 18,000 flights' rows that predict-flight by id
     * rarely asks for again, in an old generation its live set nearly filled (docs/PERFORMANCE.md).
     */
    @WithDefault("2097152")
    long maxBytes();
  }

  /**
   * What {@code POST /predict-flight} keeps of each stored flight's answer until the flight or the
   * rollout changes, for the store's latest flights (the highest ids): the prediction, its answer
   * written again each time, and the answer's bytes too where set. Bounded by the heap
   * (docs/PERFORMANCE.md, "Kept predictions, smaller" and "Kept answers for the latest flights").
   */
  interface KeptAnswers {
    /** The latest flights whose answers are kept as bytes too; none when unset. */
    Optional<Integer> flights();

    /**
     * The latest flights whose predictions are kept, those kept as bytes included, when not as many
     * as a tenth of the heap holds (about 123,000 at 112 MB).
     */
    Optional<Integer> predictionFlights();
  }

  /** The import folder, its default filled in. */
  default Path importFolder() {
    return importDir().orElse(home().resolve("data").resolve("import"));
  }
}
