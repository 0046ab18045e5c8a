package org.latamml.training;

import de.bwaldvogel.liblinear.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.latamml.calibration.Calibrator;
import org.latamml.dataset.LabelledRows;
import org.latamml.explanation.LinearTerms;
import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.liblinear.LibLinearClassificationModel;
import org.tribuo.classification.liblinear.LibLinearClassificationTrainer;
import org.tribuo.classification.liblinear.LinearClassificationType;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * L2-regularised logistic regression by LIBLINEAR (through Tribuo) as scikit-learn's {@code
 * LogisticRegression(C=1, class_weight='balanced')} fits it: each class weighted {@code n / (2 ·
 * n_class)}, and the intercept not penalised.
 *
 * @param cost the inverse regularisation strength, scikit-learn's C
 * @param epsilon LIBLINEAR's stopping tolerance
 * @param seed the random seed
 */
public record LogisticRegressionTrainer(double cost, double epsilon, long seed) implements Trainer {

  static final LabelFactory LABELS = new LabelFactory();
  static final Label ON_TIME = new Label("0");
  static final Label DELAYED = new Label("1");
  private static final int MAX_ITERATIONS = 1000;

  /** The prototype's served model: C = 1, balanced. */
  public static LogisticRegressionTrainer balanced() {
    return new LogisticRegressionTrainer(1.0, 0.01, 1);
  }

  @Override
  public TrainedModel train(LabelledRows rows, List<String> names) {
    int positives = Trainer.requireBothClasses(rows);
    MutableDataset<Label> dataset = dataset(rows, names);
    double total = rows.size();
    Liblinear trainer = new Liblinear(cost, MAX_ITERATIONS, epsilon, seed);
    trainer.setLabelWeights(
        Map.of(
            ON_TIME, (float) (total / (2 * (total - positives))),
            DELAYED, (float) (total / (2 * positives))));
    var model = (LibLinearClassificationModel) trainer.train(dataset);
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("penalty", "l2");
    settings.put("C", cost);
    settings.put("class_weight", "balanced");
    settings.put("intercept_penalised", false);
    settings.put("solver", "liblinear L2R_LR");
    settings.put("epsilon", epsilon);
    settings.put("max_iterations", MAX_ITERATIONS);
    settings.put("seed", seed);
    return new Model(model, List.copyOf(names), settings);
  }

  static MutableDataset<Label> dataset(LabelledRows rows, List<String> names) {
    MutableDataset<Label> dataset =
        new MutableDataset<>(new SimpleDataSourceProvenance("training rows", LABELS), LABELS);
    for (int i = 0; i < rows.size(); i++) {
      dataset.add(example(rows.features()[i], names, rows.labels()[i] == 1 ? DELAYED : ON_TIME));
    }
    return dataset;
  }

  /** Tribuo treats absent features as 0, so only the non-zero inputs are listed. */
  static Example<Label> example(float[] row, List<String> names, Label label) {
    List<String> present = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    for (int j = 0; j < row.length; j++) {
      if (row[j] != 0) {
        present.add(names.get(j));
        values.add((double) row[j]);
      }
    }
    return new ArrayExample<>(
        label,
        present.toArray(String[]::new),
        values.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /** Tribuo's LIBLINEAR trainer with the bias left out of the penalty, as scikit-learn does. */
  private static final class Liblinear extends LibLinearClassificationTrainer {
    Liblinear(double cost, int maxIterations, double epsilon, long seed) {
      super(
          new LinearClassificationType(LinearClassificationType.LinearType.L2R_LR),
          cost,
          maxIterations,
          epsilon,
          seed);
    }

    @Override
    protected Parameter setupParameters(ImmutableOutputInfo<Label> info) {
      Parameter parameters = super.setupParameters(info);
      parameters.setRegularizeBias(false);
      return parameters;
    }
  }

  private record Model(
      LibLinearClassificationModel tribuo, List<String> names, Map<String, Object> settings)
      implements TrainedModel {

    @Override
    public String algorithm() {
      return "logreg";
    }

    @Override
    public double[] score(float[][] rows) {
      double[] scores = new double[rows.length];
      for (int i = 0; i < rows.length; i++) {
        Prediction<Label> prediction = tribuo.predict(example(rows[i], names, ON_TIME));
        scores[i] = prediction.getOutputScores().get(DELAYED.getLabel()).getScore();
      }
      return scores;
    }

    /**
     * LIBLINEAR keeps one weight vector for its first label, feature i at index i, the bias last;
     * the probability of that label is sigmoid(w · x + bias).
     */
    @Override
    public byte[] toOnnx(String version, Calibrator calibrator) {
      Terms terms = terms();
      return OnnxGraphs.logistic(terms.weights(), terms.bias(), version, calibrator);
    }

    /**
     * {@code w · x + b} with the graph's float terms, summed in double: finite where inverting
     * Tribuo's probability is not (it reaches 1.0 at about 37), and the log-odds the graph
     * computes.
     */
    @Override
    public double[] logOdds(float[][] rows) {
      Terms terms = terms();
      double[] logOdds = new double[rows.length];
      for (int i = 0; i < rows.length; i++) {
        double z = terms.bias();
        for (int j = 0; j < terms.weights().length; j++) {
          z += (double) terms.weights()[j] * rows[i][j];
        }
        logOdds[i] = z;
      }
      return logOdds;
    }

    /** The same float terms as the ONNX graph: explanations add up to the graph's log-odds. */
    @Override
    public Optional<LinearTerms> linearTerms() {
      Terms terms = terms();
      List<Double> weights = new ArrayList<>(terms.weights().length);
      for (float weight : terms.weights()) {
        weights.add((double) weight);
      }
      return Optional.of(new LinearTerms(terms.bias(), weights));
    }

    // Made on export only, and read at once.
    @SuppressWarnings("ArrayRecordComponent")
    private record Terms(float[] weights, float bias) {}

    private Terms terms() {
      de.bwaldvogel.liblinear.Model inner = tribuo.getInnerModels().get(0);
      double[] w = inner.getFeatureWeights();
      ImmutableFeatureMap features = tribuo.getFeatureIDMap();
      ImmutableOutputInfo<Label> outputs = tribuo.getOutputIDInfo();
      Label first = outputs.getOutput(inner.getLabels()[0]);
      float sign = DELAYED.equals(first) ? 1f : -1f;
      float[] weights = new float[names.size()];
      for (int j = 0; j < weights.length; j++) {
        int id = features.getID(names.get(j));
        // A feature never non-zero in training has no id, and its weight is 0.
        weights[j] = id < 0 ? 0f : sign * (float) w[id];
      }
      return new Terms(weights, sign * (float) (w[w.length - 1] * inner.getBias()));
    }
  }
}
