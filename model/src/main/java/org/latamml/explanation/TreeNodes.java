package org.latamml.explanation;

import java.util.List;

/**
 * The nodes of every tree of a {@link TreeTerms} in flat arrays, children as indices into the same
 * arrays, each node with its cover and its expected value (a leaf's value; a split's, its leaves'
 * mean weighted by cover).
 */
final class TreeNodes {
  final int[] roots;
  final int[] left;
  final int[] right;
  final int[] split;
  final float[] condition;
  final boolean[] defaultLeft;
  final double[] cover;
  final double[] value;

  /**
   * Flattens the trees of a model of {@code width} inputs.
   *
   * @throws IllegalArgumentException when a split tests an input the model does not have, splits at
   *     NaN, or has no cover
   */
  TreeNodes(TreeTerms terms, int width) {
    List<TreeTerms.Tree> trees = terms.trees();
    int nodes = trees.stream().mapToInt(TreeTerms.Tree::size).sum();
    roots = new int[trees.size()];
    left = new int[nodes];
    right = new int[nodes];
    split = new int[nodes];
    condition = new float[nodes];
    defaultLeft = new boolean[nodes];
    cover = new double[nodes];
    value = new double[nodes];
    int at = 0;
    for (int t = 0; t < trees.size(); t++) {
      TreeTerms.Tree tree = trees.get(t);
      roots[t] = at;
      for (int n = 0; n < tree.size(); n++) {
        int node = at + n;
        boolean leaf = tree.leftChildren()[n] == -1;
        left[node] = leaf ? -1 : at + tree.leftChildren()[n];
        right[node] = leaf ? -1 : at + tree.rightChildren()[n];
        split[node] = tree.splitIndices()[n];
        condition[node] = tree.splitConditions()[n];
        defaultLeft[node] = tree.defaultLeft()[n] != 0;
        cover[node] = tree.sumHessian()[n];
        if (!leaf && (split[node] < 0 || split[node] >= width)) {
          throw new IllegalArgumentException(
              "tree " + t + " node " + n + " tests input " + split[node] + " of " + width);
        }
        if (!leaf && Float.isNaN(condition[node])) {
          // No flight is below NaN: XGBoost never writes one, and the tables would not agree.
          throw new IllegalArgumentException("tree " + t + " node " + n + " splits at NaN");
        }
        if (!leaf && !(cover[node] > 0)) {
          throw new IllegalArgumentException(
              "tree " + t + " node " + n + " has no cover (sum_hessian), which TreeSHAP needs");
        }
      }
      fillValues(at);
      at += tree.size();
    }
  }

  boolean isLeaf(int node) {
    return left[node] == -1;
  }

  /** The child a row goes to: left when its input is below the split's condition. */
  int childOf(int node, float[] row, int offset) {
    float x = row[offset + split[node]];
    boolean goesLeft = Float.isNaN(x) ? defaultLeft[node] : x < condition[node];
    return goesLeft ? left[node] : right[node];
  }

  int depth(int node) {
    return isLeaf(node) ? 0 : 1 + Math.max(depth(left[node]), depth(right[node]));
  }

  private double fillValues(int node) {
    if (isLeaf(node)) {
      value[node] = condition[node];
    } else {
      value[node] =
          (fillValues(left[node]) * cover[left[node]]
                  + fillValues(right[node]) * cover[right[node]])
              / cover[node];
    }
    return value[node];
  }
}
