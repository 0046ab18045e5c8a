package org.latamml.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.latamml.calibration.Calibrator;
import org.latamml.dataset.LabelledRows;
import org.latamml.explanation.TreeTerms;

/**
 * Gradient-boosted trees by XGBoost4J, weighting the delayed class by {@code scale_pos_weight = n0
 * / n1}. The defaults are the notebook's XGBClassifier: 100 trees of depth 6, learning rate 0.01.
 * One thread and the exact tree method keep the result the same from run to run and machine to
 * machine.
 *
 * @param rounds how many trees
 * @param maxDepth how deep each tree may grow
 * @param eta the learning rate
 * @param treeMethod XGBoost's {@code exact} (the notebook's) or {@code hist} (faster on many rows)
 * @param seed the random seed
 * @param onRound told of each finished round, for progress
 */
public record XGBoostTrainer(
    int rounds, int maxDepth, double eta, String treeMethod, long seed, IntConsumer onRound)
    implements Trainer {

  /** The notebook's settings. */
  public static XGBoostTrainer notebook() {
    return new XGBoostTrainer(100, 6, 0.01, "exact", 1, round -> {});
  }

  /** Checks the settings. */
  public XGBoostTrainer {
    if (rounds < 1 || maxDepth < 1 || !(eta > 0 && eta <= 1)) {
      throw new IllegalArgumentException(
          "need rounds >= 1, max depth >= 1 and 0 < eta <= 1; got "
              + rounds
              + ", "
              + maxDepth
              + ", "
              + eta);
    }
    if (!List.of("exact", "hist", "approx").contains(treeMethod)) {
      throw new IllegalArgumentException(
          "tree method must be exact, hist or approx, got " + treeMethod);
    }
  }

  @Override
  public TrainedModel train(LabelledRows rows, List<String> names) {
    int positives = Trainer.requireBothClasses(rows);
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("objective", "binary:logistic");
    params.put("eta", eta);
    params.put("max_depth", maxDepth);
    params.put("scale_pos_weight", (double) (rows.size() - positives) / positives);
    params.put("base_score", 0.5);
    params.put("tree_method", treeMethod);
    params.put("seed", seed);
    params.put("nthread", 1);
    params.put("verbosity", 0);
    try {
      DMatrix data = matrix(rows.features(), rows.width());
      data.setLabel(labels(rows.labels()));
      Booster booster = XGBoost.train(data, params, 0, Map.of(), null, null);
      for (int round = 0; round < rounds; round++) {
        booster.update(data, round);
        onRound.accept(round + 1);
      }
      data.dispose();
      Map<String, Object> settings = new LinkedHashMap<>(params);
      settings.remove("verbosity");
      settings.put("rounds", rounds);
      return new Model(booster, rows.width(), settings);
    } catch (XGBoostError e) {
      throw new IllegalStateException("XGBoost failed to train: " + e.getMessage(), e);
    }
  }

  private static DMatrix matrix(float[][] rows, int width) throws XGBoostError {
    float[] flat = new float[rows.length * width];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, flat, i * width, width);
    }
    return new DMatrix(flat, rows.length, width, Float.NaN);
  }

  private static float[] labels(int[] labels) {
    float[] values = new float[labels.length];
    for (int i = 0; i < labels.length; i++) {
      values[i] = labels[i];
    }
    return values;
  }

  /** A trained booster; tests read XGBoost's own outputs from it. */
  record Model(Booster booster, int width, Map<String, Object> settings) implements TrainedModel {

    @Override
    public String algorithm() {
      return "xgboost";
    }

    @Override
    public double[] score(float[][] rows) {
      return predict(rows, false);
    }

    /** The trees' margins, read from XGBoost directly rather than inverted from probabilities. */
    @Override
    public double[] logOdds(float[][] rows) {
      return predict(rows, true);
    }

    private double[] predict(float[][] rows, boolean margins) {
      try {
        DMatrix data = matrix(rows, width);
        float[][] predictions = booster.predict(data, margins);
        data.dispose();
        double[] values = new double[rows.length];
        for (int i = 0; i < values.length; i++) {
          values[i] = predictions[i][0];
        }
        return values;
      } catch (XGBoostError e) {
        throw new IllegalStateException("XGBoost failed to score: " + e.getMessage(), e);
      }
    }

    @Override
    public Optional<TreeTerms> treeTerms() {
      try {
        return Optional.of(TreeEnsemble.terms(booster.toByteArray("json")));
      } catch (XGBoostError e) {
        throw new IllegalStateException("XGBoost failed to export its trees: " + e, e);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public byte[] toOnnx(String version, Calibrator calibrator) {
      try {
        return OnnxGraphs.boostedTrees(
            TreeEnsemble.fromXGBoostJson(booster.toByteArray("json")), width, version, calibrator);
      } catch (XGBoostError e) {
        throw new IllegalStateException("XGBoost failed to export its trees: " + e, e);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
