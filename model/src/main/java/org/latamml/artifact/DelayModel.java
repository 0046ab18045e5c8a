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
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.latamml.explanation.LinearExplainer;
import org.latamml.features.FeatureEncoder;

/**
 * A model ready to score: its card, its feature encoder and its ONNX Runtime session, loaded once.
 * Thread-safe: ONNX Runtime sessions may run concurrently.
 */
public final class DelayModel implements AutoCloseable {
  private final ModelCard card;
  private final FeatureEncoder encoder;
  private final OrtEnvironment environment;
  private final OrtSession session;
  private final LinearExplainer explainer;

  private DelayModel(
      ModelCard card, FeatureEncoder encoder, OrtSession session, LinearExplainer explainer) {
    this.card = card;
    this.encoder = encoder;
    this.environment = OrtEnvironment.getEnvironment();
    this.session = session;
    this.explainer = explainer;
  }

  /**
   * Loads the model of a card and the ONNX file beside it, and checks that they fit each other.
   *
   * @throws ModelArtifactException naming the file at fault when either is missing, unreadable or
   *     they disagree
   */
  public static DelayModel load(Path cardFile) {
    ModelCard card = ModelCards.read(cardFile);
    Path onnx = ModelDirectory.onnxBeside(cardFile);
    if (!Files.isRegularFile(onnx)) {
      throw new ModelArtifactException("model file " + onnx + " does not exist beside its card");
    }
    FeatureEncoder encoder;
    LinearExplainer explainer;
    try {
      encoder = new FeatureEncoder(card.features());
      explainer =
          card.linearTerms() == null
              ? null
              : new LinearExplainer(card.linearTerms(), card.features());
    } catch (IllegalArgumentException e) {
      throw new ModelArtifactException("model card " + cardFile + ": " + e.getMessage(), e);
    }
    OrtSession session;
    try {
      OrtSession.SessionOptions options = new OrtSession.SessionOptions();
      // Requests run in parallel already: one thread per scoring call avoids oversubscription.
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      session = OrtEnvironment.getEnvironment().createSession(onnx.toString(), options);
    } catch (OrtException e) {
      throw new ModelArtifactException(
          "model file " + onnx + " is not a valid ONNX model: " + e.getMessage(), e);
    }
    try {
      checkSignature(onnx, card, encoder.width(), session);
    } catch (ModelArtifactException e) {
      closeQuietly(session);
      throw e;
    }
    return new DelayModel(card, encoder, session, explainer);
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
      if (!(input.getInfo() instanceof TensorInfo tensor)
          || tensor.type != OnnxJavaType.FLOAT
          || tensor.getShape().length != 2
          || (tensor.getShape()[1] > 0 && tensor.getShape()[1] != width)) {
        throw new ModelArtifactException(
            "model file "
                + onnx
                + ": input '"
                + card.onnx().input()
                + "' must be float [N, "
                + width
                + "] to match the card's "
                + width
                + " features, but is "
                + input.getInfo());
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
    } catch (OrtException e) {
      throw new ModelArtifactException("model file " + onnx + " cannot be inspected: " + e, e);
    }
  }

  /** The model's card. */
  public ModelCard card() {
    return card;
  }

  /**
   * What explains its predictions exactly: present for linear models whose card has their terms.
   */
  public Optional<LinearExplainer> explainer() {
    return Optional.ofNullable(explainer);
  }

  /** The encoder of the model's inputs. */
  public FeatureEncoder encoder() {
    return encoder;
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
    int width = encoder.width();
    float[] flat = new float[rows.length * width];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != width) {
        throw new IllegalArgumentException(
            "row " + i + " has " + rows[i].length + " inputs, the model takes " + width);
      }
      System.arraycopy(rows[i], 0, flat, i * width, width);
    }
    return score(flat, rows.length);
  }

  /**
   * The probabilities of delay of {@code count} encoded rows laid end to end in {@code flat}, in
   * one call of ONNX Runtime. Nothing is remembered: a service that wants scores cached keeps its
   * own cache.
   *
   * @throws ModelArtifactException when ONNX Runtime fails or answers in an unexpected shape
   */
  public double[] score(float[] flat, int count) {
    if (count == 0) {
      return new double[0];
    }
    long[] shape = {count, encoder.width()};
    try (OnnxTensor input = OnnxTensor.createTensor(environment, FloatBuffer.wrap(flat), shape);
        OrtSession.Result result = session.run(Map.of(card.onnx().input(), input))) {
      OnnxValue output =
          result
              .get(card.onnx().output())
              .orElseThrow(() -> new ModelArtifactException("no output " + card.onnx().output()));
      return probabilities(output, count);
    } catch (OrtException e) {
      throw new ModelArtifactException("model " + card.version() + " failed to score: " + e, e);
    }
  }

  private double[] probabilities(OnnxValue output, int count) throws OrtException {
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
            + output.getInfo());
  }

  @Override
  public void close() {
    closeQuietly(session);
  }

  private static void closeQuietly(OrtSession session) {
    try {
      session.close();
    } catch (OrtException e) {
      // Nothing is left to release that the caller could act on.
    }
  }
}
