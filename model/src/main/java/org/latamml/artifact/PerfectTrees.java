package org.latamml.artifact;

import java.util.List;
import org.latamml.explanation.TreeTerms;

/**
 * Trees of equal depth laid out whole, level by level, for rows with no missing input: a node's
 * children are at {@code 2n + 1} and {@code 2n + 2}, so a tree is its splits' inputs and thresholds
 * and its leaves, with no child indices to read (2 + 4 bytes a split, where the trees as written
 * take 17). A leaf above the deepest level fills every slot below it, its splits' outcome then
 * immaterial; a row with a missing input must walk the trees as written.
 */
final class PerfectTrees {
  /** Deepest trees laid out whole: 63 splits and 64 leaves each. */
  static final int MAX_DEPTH = 6;

  private final int depth;
  private final int splitsPerTree;
  private final int leavesPerTree;
  private final short[] inputs;
  private final float[] thresholds;
  private final float[] leaves;

  private PerfectTrees(int depth, int trees) {
    this.depth = depth;
    this.splitsPerTree = (1 << depth) - 1;
    this.leavesPerTree = 1 << depth;
    this.inputs = new short[trees * splitsPerTree];
    this.thresholds = new float[trees * splitsPerTree];
    this.leaves = new float[trees * leavesPerTree];
  }

  /**
   * The trees laid out whole, or null when one is deeper than {@link #MAX_DEPTH}, the rows are too
   * wide for a short index, or filling the shallower trees would more than double the nodes.
   */
  static PerfectTrees of(TreeTerms terms, int width) {
    List<TreeTerms.Tree> trees = terms.trees();
    int depth = 0;
    long nodes = 0;
    for (TreeTerms.Tree tree : trees) {
      depth = Math.max(depth, depthOf(tree, 0));
      nodes += tree.leftChildren().length;
    }
    long filled = (long) trees.size() * ((2L << depth) - 1);
    if (depth > MAX_DEPTH || width > Short.MAX_VALUE || filled > 2 * nodes) {
      return null;
    }
    PerfectTrees perfect = new PerfectTrees(depth, trees.size());
    for (int t = 0; t < trees.size(); t++) {
      perfect.fill(trees.get(t), 0, t, 0, 0);
    }
    return perfect;
  }

  private static int depthOf(TreeTerms.Tree tree, int node) {
    if (tree.leftChildren()[node] == -1) {
      return 0;
    }
    return 1
        + Math.max(
            depthOf(tree, tree.leftChildren()[node]), depthOf(tree, tree.rightChildren()[node]));
  }

  /** Places {@code node} of a tree at {@code slot} of level {@code level}. */
  private void fill(TreeTerms.Tree tree, int node, int treeIndex, int level, int slot) {
    if (level == depth) {
      leaves[treeIndex * leavesPerTree + slot - splitsPerTree] = tree.splitConditions()[node];
      return;
    }
    int at = treeIndex * splitsPerTree + slot;
    if (tree.leftChildren()[node] == -1) {
      // A leaf above the deepest level: both ways lead to it. Input 0 below +infinity, a valid
      // test whatever the row holds.
      inputs[at] = 0;
      thresholds[at] = Float.POSITIVE_INFINITY;
      fill(tree, node, treeIndex, level + 1, 2 * slot + 1);
      fill(tree, node, treeIndex, level + 1, 2 * slot + 2);
      return;
    }
    inputs[at] = (short) tree.splitIndices()[node];
    thresholds[at] = tree.splitConditions()[node];
    fill(tree, tree.leftChildren()[node], treeIndex, level + 1, 2 * slot + 1);
    fill(tree, tree.rightChildren()[node], treeIndex, level + 1, 2 * slot + 2);
  }

  /**
   * The sum of each tree's leaf for the row at {@code offset}, in the trees' order. Four trees are
   * walked side by side: a tree's levels wait on each other (which input, then its value, then the
   * way), four trees' do not, so the processor works on four at once; one at a time took 1.65 times
   * as long over a thousand rows each with its own context (docs/PERFORMANCE.md, "Four trees at
   * once"). The leaves are still added one by one in order, so the sum is the same to the bit.
   */
  float leafSum(float[] flat, int offset) {
    float sum = 0f;
    int trees = leaves.length / leavesPerTree;
    int t = 0;
    for (; t + 4 <= trees; t += 4) {
      int b0 = t * splitsPerTree;
      int b1 = b0 + splitsPerTree;
      int b2 = b1 + splitsPerTree;
      int b3 = b2 + splitsPerTree;
      int s0 = 0;
      int s1 = 0;
      int s2 = 0;
      int s3 = 0;
      for (int level = 0; level < depth; level++) {
        s0 = 2 * s0 + wayAt(flat, offset, b0 + s0);
        s1 = 2 * s1 + wayAt(flat, offset, b1 + s1);
        s2 = 2 * s2 + wayAt(flat, offset, b2 + s2);
        s3 = 2 * s3 + wayAt(flat, offset, b3 + s3);
      }
      int leaf = t * leavesPerTree - splitsPerTree;
      sum += leaves[leaf + s0];
      sum += leaves[leaf + leavesPerTree + s1];
      sum += leaves[leaf + 2 * leavesPerTree + s2];
      sum += leaves[leaf + 3 * leavesPerTree + s3];
    }
    for (; t < trees; t++) {
      int splits = t * splitsPerTree;
      int slot = 0;
      for (int level = 0; level < depth; level++) {
        slot = 2 * slot + wayAt(flat, offset, splits + slot);
      }
      sum += leaves[t * leavesPerTree + slot - splitsPerTree];
    }
    return sum;
  }

  /** 1 (left) when the row's input is below the split's threshold, else 2 (right). */
  private int wayAt(float[] flat, int offset, int split) {
    return flat[offset + inputs[split]] < thresholds[split] ? 1 : 2;
  }
}
