package org.latamml.artifact;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxMap;
import ai.onnxruntime.OnnxSequence;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.latamml.explanation.Explainer;
import org.latamml.explanation.LinearExplainer;
import org.latamml.explanation.TreeExplainer;
import org.latamml.features.FeatureEncoder;

/**
 * A model ready to score: its card, its feature encoder and its ONNX Runtime session, loaded once
 * (or when first asked, for a model checked against kept answers); a boosted-tree or linear model
 * whose card's trees or weights agree with its graph is scored from them in Java ({@link
 * TreeEnsembleScorer}, {@link LinearScorer}), and checked at a later load against the graph's
 * answers kept then ({@link GraphAnswers}), its session opened only if the graph is asked.
 * Thread-safe: ONNX Runtime sessions may run concurrently.
 */
public final class DelayModel implements AutoCloseable {
  private final ModelCard card;
  private final FeatureEncoder encoder;
  private final Path onnx;
  private final Explainer explainer;
  // Null: ONNX Runtime scores every row.
  private final TermsScorer inJava;
  private final String scoredBy;
  // The graph's probability of each probe scored alone, known at load; null: asked of the graph.
  private final double[] probesByGraph;
  // Null until the graph is first run when the load checked the model against kept answers.
  private volatile OrtSession session;
  // Twice the requests using the model, plus one once it is retired: closed when that is 1.
  private final AtomicLong uses = new AtomicLong();
  private volatile boolean closed;

  private DelayModel(
      ModelCard card,
      FeatureEncoder encoder,
      Path onnx,
      OrtSession session,
      Explainer explainer,
      TermsScorer inJava,
      String scoredBy,
      double[] probesByGraph) {
    // The explainer and the scorer hold the trees in their own arrays: the card keeps none.
    this.card = card.withoutTreeTerms();
    this.encoder = encoder;
    this.onnx = onnx;
    this.session = session;
    this.explainer = explainer;
    this.inJava = inJava;
    this.scoredBy = scoredBy;
    this.probesByGraph = probesByGraph;
  }

  /**
   * Loads the model of a card and the ONNX file beside it, and checks that they fit each other.
   *
   * @throws ModelArtifactException naming the file at fault when either is missing, unreadable or
   *     they disagree
   */
  public static DelayModel load(Path cardFile) {
    return load(cardFile, GraphAnswers.NONE);
  }

  /**
   * Loads the model of a card and the ONNX file beside it as {@link #load(Path)} does; a model that
   * scores in Java is checked against its graph's answers kept in {@code kept} by an earlier load
   * of the same files, if there are, without running the graph (nor loading ONNX Runtime, nor
   * checking the graph's inputs and outputs again: that load did); its graph's answers are kept
   * there when the graph runs and agrees with the Java side.
   *
   * @throws ModelArtifactException naming the file at fault when either is missing, unreadable or
   *     they disagree
   */
  public static DelayModel load(Path cardFile, GraphAnswers kept) {
    ModelCard card = ModelCards.read(cardFile);
    Path onnx = ModelDirectory.onnxBeside(cardFile);
    if (!Files.isRegularFile(onnx)) {
      throw new ModelArtifactException("model file " + onnx + " does not exist beside its card");
    }
    String named = ModelDirectory.versionNamedBy(cardFile);
    if (named != null && !named.equals(card.version())) {
      // A card copied from another and not renamed inside would answer, log and be monitored as
      // that other version.
      throw new ModelArtifactException(
          "model card "
              + cardFile
              + " says version "
              + card.version()
              + " where its file's name says "
              + named
              + ": set the card's version to its file's");
    }
    FeatureEncoder encoder;
    Explainer explainer;
    try {
      encoder = new FeatureEncoder(card.features());
      explainer = explainerOf(card);
    } catch (IllegalArgumentException e) {
      throw new ModelArtifactException("model card " + cardFile + ": " + e.getMessage(), e);
    }
    InJava candidate = InJava.of(card, encoder.width());
    float[] rows = null;
    String key = null;
    byte[] graph = null;
    if (candidate.scorer() != null
        && kept.isKept()
        && GraphParity.usable(candidate.scorer(), card.probes()) == card.probes().size()) {
      try {
        // The graph's bytes read once: those hashed are those run, should the file change.
        graph = Files.readAllBytes(onnx);
        rows = GraphParity.rows(candidate.scorer(), card.probes());
        key = GraphAnswers.keyOf(Files.readAllBytes(cardFile), graph, rows);
        int probes = card.probes().size();
        Optional<double[]> answers = kept.find(key, rows.length / encoder.width() + probes);
        if (answers.isPresent()
            && GraphParity.disagreement(candidate.scorer(), rows, probes, answers.get())
                .isEmpty()) {
          double[] all = answers.get();
          return new DelayModel(
              card,
              encoder,
              onnx,
              null,
              explainer,
              candidate.scorer(),
              "its "
                  + candidate.scorer().terms()
                  + " in Java (agreeing with its graph's answers on every row checked, kept from a"
                  + " load of the same files)",
              Arrays.copyOfRange(all, all.length - probes, all.length));
        }
      } catch (IOException | RuntimeException e) {
        // Kept answers are only a shortcut: the graph runs, as without them, and says what fails.
        key = null;
        graph = null;
      }
    }
    OrtSession session = graph != null ? openSession(onnx, graph) : openSession(onnx);
    try {
      checkSignature(onnx, card, encoder.width(), session);
      TermsScorer scorer = null;
      String by = candidate.refusal() != null ? candidate.refusal() : "ONNX Runtime";
      if (candidate.scorer() != null) {
        try {
          if (rows == null) {
            rows = GraphParity.rows(candidate.scorer(), card.probes());
          }
          int probes = GraphParity.usable(candidate.scorer(), card.probes());
          double[] answers =
              GraphParity.graphAnswers(
                  rows,
                  encoder.width(),
                  probes,
                  (flat, count) -> graphScores(card, encoder.width(), session, flat, count));
          Optional<String> disagreement =
              GraphParity.disagreement(candidate.scorer(), rows, probes, answers);
          if (disagreement.isPresent()) {
            by =
                "ONNX Runtime (its card's "
                    + candidate.scorer().terms()
                    + " disagree with its graph: "
                    + disagreement.get()
                    + ")";
          } else {
            if (key != null) {
              // Not kept (a folder that cannot be written) only means the graph runs next time.
              var unused = kept.keep(key, answers);
            }
            scorer = candidate.scorer();
            by =
                "its "
                    + candidate.scorer().terms()
                    + " in Java (agreeing with its graph on every row checked)";
          }
        } catch (RuntimeException e) {
          // A graph that cannot score the rows checked (a fixed batch of one, say): the graph
          // scores, as before.
          by =
              "ONNX Runtime (its "
                  + candidate.scorer().terms()
                  + " could not be checked against its graph: "
                  + e
                  + ")";
        }
      }
      return new DelayModel(card, encoder, onnx, session, explainer, scorer, by, null);
    } catch (RuntimeException e) {
      closeQuietly(session);
      throw e instanceof ModelArtifactException artifact
          ? artifact
          : new ModelArtifactException("model card " + cardFile + ": " + e.getMessage(), e);
    }
  }

  /**
   * What could score a card in Java, before it is checked against the graph.
   *
   * @param scorer null when nothing can
   * @param refusal why the card's terms cannot score in Java; null when they can or it has none
   */
  private record InJava(TermsScorer scorer, String refusal) {
    static InJava of(ModelCard card, int width) {
      if (card.treeTerms() == null && card.linearTerms() == null) {
        return new InJava(null, null);
      }
      Optional<LogOddsCalibration> calibration = LogOddsCalibration.of(card.calibration());
      if (calibration.isEmpty()) {
        return new InJava(
            null,
            "ONNX Runtime (calibration '" + card.calibration().method() + "' is not in Java)");
      }
      try {
        return new InJava(
            card.treeTerms() != null
                ? new TreeEnsembleScorer(card.treeTerms(), width, calibration.get())
                : new LinearScorer(card.linearTerms(), width, calibration.get()),
            null);
      } catch (RuntimeException e) {
        // Terms this layout cannot take: the graph scores, as before.
        String terms = card.treeTerms() != null ? "trees" : "weights";
        return new InJava(
            null,
            "ONNX Runtime (its " + terms + " could not be checked against its graph: " + e + ")");
      }
    }
  }

  private static OrtSession openSession(Path onnx) {
    return openSession(onnx, null);
  }

  /** The graph's session, from {@code bytes} when given (the file's, as read), else the file. */
  private static OrtSession openSession(Path onnx, byte[] bytes) {
    try {
      OrtSession.SessionOptions options = new OrtSession.SessionOptions();
      // Requests run in parallel already: one thread per scoring call avoids oversubscription.
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      return bytes != null
          ? OrtEnvironment.getEnvironment().createSession(bytes, options)
          : OrtEnvironment.getEnvironment().createSession(onnx.toString(), options);
    } catch (OrtException e) {
      throw new ModelArtifactException(
          "model file " + onnx + " is not a valid ONNX model: " + OrtMessages.of(e), e);
    }
  }

  private static Explainer explainerOf(ModelCard card) {
    if (card.linearTerms() != null) {
      return new LinearExplainer(card.linearTerms(), card.features());
    }
    if (card.treeTerms() != null) {
      return new TreeExplainer(card.treeTerms(), card.features());
    }
    return null;
  }

  private static void checkSignature(Path onnx, ModelCard card, int width, OrtSession session) {
    try {
      NodeInfo input = session.getInputInfo().get(card.onnx().input());
      if (input == null) {
        throw new ModelArtifactException(
            "model file "
                + onnx
                + " has no input '"
                + card.onnx().input()
                + "'; its inputs: "
                + session.getInputNames());
      }
      // Its first dimension free: requests are scored many rows at once, and a graph made for a
      // batch of one would pass the probes (scored a row at a time) and fail them.
      if (!(input.getInfo() instanceof TensorInfo tensor)
          || tensor.type != OnnxJavaType.FLOAT
          || tensor.getShape().length != 2
          || tensor.getShape()[0] > 0
          || (tensor.getShape()[1] > 0 && tensor.getShape()[1] != width)) {
        throw new ModelArtifactException(
            "model file "
                + onnx
                + ": input '"
                + card.onnx().input()
                + "' must be float [N, "
                + width
                + "], N free for any batch, to match the card's "
                + width
                + " features, but is "
                + OrtMessages.describe(input.getInfo()));
      }
      if (!session.getOutputNames().contains(card.onnx().output())) {
        throw new ModelArtifactException(
            "model file "
                + onnx
                + " has no output '"
                + card.onnx().output()
                + "'; its outputs: "
                + session.getOutputNames());
      }
      NodeInfo output = session.getOutputInfo().get(card.onnx().output());
      int positive = card.onnx().positiveClassIndex();
      if (output.getInfo() instanceof TensorInfo scores
          && scores.getShape().length == 2
          && scores.getShape()[1] > 1
          && positive >= scores.getShape()[1]) {
        throw new ModelArtifactException(
            "model file "
                + onnx
                + ": positive_class_index "
                + positive
                + " names no column of output '"
                + card.onnx().output()
                + "', which is "
                + OrtMessages.describe(output.getInfo()));
      }
    } catch (OrtException e) {
      throw new ModelArtifactException(
          "model file " + onnx + " cannot be inspected: " + OrtMessages.of(e), e);
    }
  }

  /**
   * Checks that the graph reproduces the card's probes: each row's probability within {@link
   * Probe#TOLERANCE} of the one the model's maker computed.
   *
   * @throws ModelArtifactException naming the first row that does not and both probabilities, or
   *     saying the card has no probes
   */
  public void checkProbes() {
    List<Probe> probes = card.probes();
    if (probes.isEmpty()) {
      throw new ModelArtifactException(
          "model "
              + card.version()
              + ": its card has no probes, the input rows with the probabilities its maker"
              + " computed that prove the graph is the model trained (./latam train writes"
              + " them; docs/MODEL.md, \"Probes\")");
    }
    int width = encoder.width();
    for (int i = 0; i < probes.size(); i++) {
      Probe probe = probes.get(i);
      if (probe.features() == null || probe.features().length != width) {
        throw new ModelArtifactException(
            "model "
                + card.version()
                + ": probe "
                + i
                + " has "
                + (probe.features() == null ? 0 : probe.features().length)
                + " values, but the card has "
                + width
                + " features");
      }
      double scored =
          probesByGraph != null ? probesByGraph[i] : scoreByGraph(probe.features(), 1)[0];
      if (!(Math.abs(scored - probe.probability()) <= Probe.TOLERANCE)) {
        throw new ModelArtifactException(
            "model "
                + card.version()
                + ": probe "
                + i
                + " does not reproduce: the card says "
                + probe.probability()
                + ", the graph gives "
                + scored
                + " (more than "
                + Probe.TOLERANCE
                + " apart)");
      }
    }
  }

  /** The model's card. */
  public ModelCard card() {
    return card;
  }

  /**
   * What explains its predictions exactly: present for linear and boosted-tree models whose card
   * has their terms.
   */
  public Optional<Explainer> explainer() {
    return Optional.ofNullable(explainer);
  }

  /** The encoder of the model's inputs. */
  public FeatureEncoder encoder() {
    return encoder;
  }

  /**
   * What scores its rows: ONNX Runtime, or its trees or weights in Java once they agreed with its
   * graph, and why not when they could not.
   */
  public String scoredBy() {
    return scoredBy;
  }

  /** The model's version. */
  public String version() {
    return card.version();
  }

  /** Whether a probability means delayed at this model's threshold. */
  public boolean isDelayed(double probability) {
    return probability >= card.threshold();
  }

  /** The probability of delay of one encoded row. */
  public double score(float[] row) {
    return score(row, 1)[0];
  }

  /** The probabilities of delay of encoded rows. */
  public double[] score(float[][] rows) {
    return score(flatten(rows), rows.length);
  }

  /** The probabilities of delay of encoded rows by the model's graph ({@link #scoreByGraph}). */
  public double[] scoreByGraph(float[][] rows) {
    return scoreByGraph(flatten(rows), rows.length);
  }

  private float[] flatten(float[][] rows) {
    int width = encoder.width();
    float[] flat = new float[rows.length * width];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != width) {
        throw new IllegalArgumentException(
            "row " + i + " has " + rows[i].length + " inputs, the model takes " + width);
      }
      System.arraycopy(rows[i], 0, flat, i * width, width);
    }
    return flat;
  }

  /**
   * The probabilities of delay of {@code count} encoded rows laid end to end in {@code flat}: from
   * its trees or weights in Java when they agreed with its graph, else in one call of ONNX Runtime.
   * Nothing is remembered: a service that wants scores cached keeps its own cache.
   *
   * @throws ModelArtifactException when the model is closed, or ONNX Runtime fails or answers in an
   *     unexpected shape
   */
  public double[] score(float[] flat, int count) {
    if (inJava == null) {
      return scoreByGraph(flat, count);
    }
    if (count == 0) {
      return new double[0];
    }
    if (closed) {
      // The same answer whatever scores: a caller that did not take the model is refused.
      throw new ModelArtifactException("model " + card.version() + " is closed");
    }
    if (flat.length < (long) count * encoder.width()) {
      // As ONNX Runtime refuses a buffer too short for the rows' shape.
      throw new ModelArtifactException(
          "model "
              + card.version()
              + ": "
              + flat.length
              + " inputs are fewer than "
              + count
              + " rows of "
              + encoder.width());
    }
    return inJava.probabilities(flat, count);
  }

  /**
   * The probabilities of delay of {@code count} rows by the model's graph, in one call of ONNX
   * Runtime, whatever {@link #score} uses: for checking the graph itself.
   *
   * @throws ModelArtifactException when the model is closed, or ONNX Runtime fails or answers in an
   *     unexpected shape
   */
  public double[] scoreByGraph(float[] flat, int count) {
    if (count == 0) {
      return new double[0];
    }
    if (closed) {
      // ONNX Runtime would read freed memory: a caller that did not take the model is refused.
      throw new ModelArtifactException("model " + card.version() + " is closed");
    }
    return graphScores(card, encoder.width(), graph(), flat, count);
  }

  /** Whether its trees or weights score it in Java. */
  boolean scoresInJava() {
    return inJava != null;
  }

  /** Whether the graph has been opened: not by a load checked against kept answers alone. */
  boolean isGraphOpen() {
    return session != null;
  }

  /** The graph's session, opened now when the load checked the model against kept answers. */
  private OrtSession graph() {
    OrtSession open = session;
    if (open != null) {
      return open;
    }
    synchronized (this) {
      if (closed) {
        throw new ModelArtifactException("model " + card.version() + " is closed");
      }
      if (session == null) {
        session = openSession(onnx);
      }
      return session;
    }
  }

  private static double[] graphScores(
      ModelCard card, int width, OrtSession session, float[] flat, int count) {
    long[] shape = {count, width};
    try (OnnxTensor input =
            OnnxTensor.createTensor(
                OrtEnvironment.getEnvironment(), FloatBuffer.wrap(flat), shape);
        OrtSession.Result result = session.run(Map.of(card.onnx().input(), input))) {
      OnnxValue output =
          result
              .get(card.onnx().output())
              .orElseThrow(() -> new ModelArtifactException("no output " + card.onnx().output()));
      return probabilities(card, output, count);
    } catch (OrtException e) {
      throw new ModelArtifactException(
          "model " + card.version() + " failed to score: " + OrtMessages.of(e), e);
    }
  }

  private static double[] probabilities(ModelCard card, OnnxValue output, int count)
      throws OrtException {
    int positive = card.onnx().positiveClassIndex();
    double[] scores = new double[count];
    if (output instanceof OnnxTensor tensor) {
      Object value = tensor.getValue();
      if (value instanceof float[] column) {
        for (int i = 0; i < count; i++) {
          scores[i] = column[i];
        }
        return scores;
      }
      if (value instanceof float[][] matrix) {
        int at = matrix[0].length == 1 ? 0 : positive;
        if (at >= matrix[0].length) {
          throw new ModelArtifactException(
              "model "
                  + card.version()
                  + ": positive_class_index "
                  + positive
                  + " names no column of output '"
                  + card.onnx().output()
                  + "', which has "
                  + matrix[0].length);
        }
        for (int i = 0; i < count; i++) {
          scores[i] = matrix[i][at];
        }
        return scores;
      }
    } else if (output instanceof OnnxSequence sequence) {
      List<? extends OnnxValue> maps = sequence.getValue();
      for (int i = 0; i < count; i++) {
        Map<? extends Object, ? extends Object> byClass = ((OnnxMap) maps.get(i)).getValue();
        Object probability = byClass.get((long) positive);
        if (probability == null) {
          probability = byClass.get(Integer.toString(positive));
        }
        if (!(probability instanceof Number number)) {
          throw new ModelArtifactException(
              "model " + card.version() + ": output map has no class " + positive);
        }
        scores[i] = number.doubleValue();
      }
      return scores;
    }
    throw new ModelArtifactException(
        "model "
            + card.version()
            + ": output '"
            + card.onnx().output()
            + "' is neither a float tensor nor a sequence of maps: "
            + OrtMessages.describe(output.getInfo()));
  }

  /**
   * Takes the model for one request, so that a retirement meanwhile waits for it: false once the
   * model is retired, when the caller must take the model that replaced it.
   */
  public boolean tryAcquire() {
    long state = uses.addAndGet(2);
    if ((state & 1) == 0) {
      return true;
    }
    release();
    return false;
  }

  /** Ends one {@link #tryAcquire}; the last request of a retired model closes it. */
  public void release() {
    if (uses.addAndGet(-2) == 1) {
      close();
    }
  }

  /**
   * Takes no more requests and closes the model once the last one using it is done (at once when
   * none is).
   */
  public void retire() {
    long state = uses.getAndUpdate(s -> s | 1);
    if (state == 0) {
      close();
    }
  }

  /** Whether it is closed: a closed model scores nothing. */
  public boolean isClosed() {
    return closed;
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      closeQuietly(session);
    }
  }

  private static void closeQuietly(OrtSession session) {
    if (session == null) {
      return;
    }
    try {
      session.close();
    } catch (OrtException e) {
      // Nothing is left to release that the caller could act on.
    }
  }
}
