package org.latamml.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.latamml.explanation.TreeTerms;

/**
 * The trees of a boosted model, flattened as ONNX's TreeEnsembleRegressor lists them: one entry per
 * node across all trees, and one per leaf.
 */
// Primitive arrays: they are handed to the ONNX writer as they are, never changed after parsing.
@SuppressWarnings("ArrayRecordComponent")
record TreeEnsemble(
    long[] treeIds,
    long[] nodeIds,
    long[] featureIds,
    float[] thresholds,
    List<String> modes,
    long[] trueNodeIds,
    long[] falseNodeIds,
    long[] missingTracksTrue,
    long[] leafTreeIds,
    long[] leafNodeIds,
    float[] leafValues,
    float baseMargin) {

  /**
   * Reads XGBoost's JSON model format: each tree's parallel arrays, where a node whose left child
   * is -1 is a leaf holding its value in {@code split_conditions}, and a split sends {@code x <
   * condition} to the left child.
   */
  static TreeEnsemble fromXGBoostJson(byte[] json) throws IOException {
    JsonNode learner = new ObjectMapper().readTree(json).path("learner");
    JsonNode trees = learner.path("gradient_booster").path("model").path("trees");
    List<long[]> nodes = new ArrayList<>();
    List<Float> thresholds = new ArrayList<>();
    List<String> modes = new ArrayList<>();
    List<long[]> leaves = new ArrayList<>();
    List<Float> leafValues = new ArrayList<>();
    for (int tree = 0; tree < trees.size(); tree++) {
      JsonNode t = trees.get(tree);
      JsonNode left = t.path("left_children");
      JsonNode right = t.path("right_children");
      JsonNode conditions = t.path("split_conditions");
      JsonNode features = t.path("split_indices");
      JsonNode defaultLeft = t.path("default_left");
      for (int node = 0; node < left.size(); node++) {
        boolean leaf = left.get(node).asInt() == -1;
        float condition = (float) conditions.get(node).asDouble();
        nodes.add(
            new long[] {
              tree,
              node,
              leaf ? 0 : features.get(node).asLong(),
              leaf ? 0 : left.get(node).asLong(),
              leaf ? 0 : right.get(node).asLong(),
              leaf ? 0 : defaultLeft.get(node).asLong()
            });
        thresholds.add(leaf ? 0f : condition);
        modes.add(leaf ? "LEAF" : "BRANCH_LT");
        if (leaf) {
          leaves.add(new long[] {tree, node});
          leafValues.add(condition);
        }
      }
    }
    return new TreeEnsemble(
        column(nodes, 0),
        column(nodes, 1),
        column(nodes, 2),
        floats(thresholds),
        List.copyOf(modes),
        column(nodes, 3),
        column(nodes, 4),
        column(nodes, 5),
        column(leaves, 0),
        column(leaves, 1),
        floats(leafValues),
        baseMargin(learner));
  }

  /**
   * Reads the same JSON model as the terms a model card keeps to explain it: each tree's arrays as
   * XGBoost writes them, with the covers ({@code sum_hessian}) that TreeSHAP weighs paths by.
   */
  static TreeTerms terms(byte[] json) throws IOException {
    JsonNode learner = new ObjectMapper().readTree(json).path("learner");
    JsonNode trees = learner.path("gradient_booster").path("model").path("trees");
    List<TreeTerms.Tree> terms = new ArrayList<>(trees.size());
    for (JsonNode t : trees) {
      terms.add(
          new TreeTerms.Tree(
              ints(t.path("left_children")),
              ints(t.path("right_children")),
              ints(t.path("split_indices")),
              floats(t.path("split_conditions")),
              ints(t.path("default_left")),
              floats(t.path("sum_hessian"))));
    }
    return new TreeTerms(baseMargin(learner), terms);
  }

  private static int[] ints(JsonNode array) {
    int[] values = new int[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.get(i).asInt();
    }
    return values;
  }

  private static float[] floats(JsonNode array) {
    float[] values = new float[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) array.get(i).asDouble();
    }
    return values;
  }

  /** XGBoost stores base_score as a probability ("5E-1", or "[5E-1]" since 2.1): its logit. */
  private static float baseMargin(JsonNode learner) {
    String text =
        learner
            .path("learner_model_param")
            .path("base_score")
            .asText("0.5")
            .replaceAll("[\\[\\]]", "");
    double probability = Double.parseDouble(text);
    return (float) Math.log(probability / (1 - probability));
  }

  private static long[] column(List<long[]> rows, int index) {
    long[] values = new long[rows.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = rows.get(i)[index];
    }
    return values;
  }

  private static float[] floats(List<Float> list) {
    float[] values = new float[list.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = list.get(i);
    }
    return values;
  }
}
