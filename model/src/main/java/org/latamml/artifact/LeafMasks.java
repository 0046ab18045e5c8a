package org.latamml.artifact;

import java.util.Arrays;
import java.util.List;
import org.latamml.explanation.TreeTerms;

/**
 * Trees scored input by input rather than tree by tree (QuickScorer: Lucchese et al., SIGIR 2015),
 * for rows with no missing input. Each split is filed under its input by threshold; a row's value
 * passes the splits below or at it, each of which sends the row right and so rules out the leaves
 * on its left, cleared from its tree's mask of leaves still possible. The leaf a tree gives is the
 * leftmost one left. A tree walked node by node waits at each level on the one above; these steps
 * do not wait on each other, so the processor runs many at once (docs/PERFORMANCE.md, "Trees scored
 * input by input"). The leaves are added one by one in the trees' order, as the trees as written
 * add them, so the sum is the same to the bit.
 */
final class LeafMasks {
  /** The most leaves a tree may have: one bit each in a {@code long}. */
  static final int MAX_LEAVES = Long.SIZE;

  // The splits of input i are splitsFrom[i] to splitsFrom[i + 1] - 1, by threshold ascending.
  private final int[] splitsFrom;
  private final float[] thresholds;
  private final int[] trees;
  // A split's mask: every leaf of its tree but those on its left.
  private final long[] masks;
  // Tree t's leaves, left to right, are leaves[firstLeaf[t]] on.
  private final int[] firstLeaf;
  private final float[] leaves;
  private final ThreadLocal<long[]> possible;

  private LeafMasks(int width, int splits, int treeCount, int leafCount) {
    this.splitsFrom = new int[width + 1];
    this.thresholds = new float[splits];
    this.trees = new int[splits];
    this.masks = new long[splits];
    this.firstLeaf = new int[treeCount];
    this.leaves = new float[leafCount];
    this.possible = ThreadLocal.withInitial(() -> new long[treeCount]);
  }

  /**
   * The trees filed by input, or null when a tree has more than {@link #MAX_LEAVES} leaves or a
   * threshold is not a number (which no value passes: the trees as written send every row right).
   * Only the nodes a row can reach count: a tree may hold others, which the trees as written skip.
   */
  static LeafMasks of(TreeTerms terms, int width) {
    List<TreeTerms.Tree> treeList = terms.trees();
    int splits = 0;
    int leafCount = 0;
    for (TreeTerms.Tree tree : treeList) {
      int[] reached = {0, 0};
      if (!reach(tree, 0, reached) || reached[1] > MAX_LEAVES) {
        return null;
      }
      splits += reached[0];
      leafCount += reached[1];
    }
    LeafMasks filed = new LeafMasks(width, splits, treeList.size(), leafCount);
    Split[] found = new Split[splits];
    int[] next = {0, 0};
    for (int t = 0; t < treeList.size(); t++) {
      filed.firstLeaf[t] = next[1];
      filed.place(treeList.get(t), 0, t, found, next);
    }
    Arrays.sort(
        found,
        (a, b) ->
            a.input != b.input
                ? Integer.compare(a.input, b.input)
                : Float.compare(a.threshold, b.threshold));
    for (int s = 0; s < splits; s++) {
      filed.thresholds[s] = found[s].threshold;
      filed.trees[s] = found[s].tree;
      filed.masks[s] = found[s].mask;
      filed.splitsFrom[found[s].input + 1] = s + 1;
    }
    for (int input = 1; input <= width; input++) {
      filed.splitsFrom[input] = Math.max(filed.splitsFrom[input], filed.splitsFrom[input - 1]);
    }
    return filed;
  }

  /**
   * Counts the splits ({@code reached[0]}) and leaves ({@code reached[1]}) under {@code node};
   * false when a split's threshold is not a number.
   */
  private static boolean reach(TreeTerms.Tree tree, int node, int[] reached) {
    if (tree.leftChildren()[node] == -1) {
      reached[1]++;
      return true;
    }
    reached[0]++;
    return !Float.isNaN(tree.splitConditions()[node])
        && reach(tree, tree.leftChildren()[node], reached)
        && reach(tree, tree.rightChildren()[node], reached);
  }

  private record Split(int input, float threshold, int tree, long mask) {}

  /** Numbers the leaves under {@code node} left to right from {@code next[1]}; files its splits. */
  private void place(TreeTerms.Tree tree, int node, int treeIndex, Split[] found, int[] next) {
    if (tree.leftChildren()[node] == -1) {
      leaves[next[1]++] = tree.splitConditions()[node];
      return;
    }
    int at = next[0]++;
    // The left subtree's leaves are those numbered while placing it: from first to afterLeft - 1.
    int first = next[1] - firstLeaf[treeIndex];
    place(tree, tree.leftChildren()[node], treeIndex, found, next);
    int afterLeft = next[1] - firstLeaf[treeIndex];
    place(tree, tree.rightChildren()[node], treeIndex, found, next);
    // The right subtree holds a leaf too, so afterLeft is at most 63: the shift stays in a long.
    long onLeft = ((1L << afterLeft) - 1) & (-1L << first);
    found[at] =
        new Split(tree.splitIndices()[node], tree.splitConditions()[node], treeIndex, ~onLeft);
  }

  /** The sum of each tree's leaf for the row at {@code offset}, in the trees' order. */
  float leafSum(float[] flat, int offset) {
    long[] left = possible.get();
    Arrays.fill(left, -1L);
    for (int input = 0; input + 1 < splitsFrom.length; input++) {
      float x = flat[offset + input];
      int end = splitsFrom[input + 1];
      // A row goes right at a split when its value is not below the threshold.
      for (int s = splitsFrom[input]; s < end && thresholds[s] <= x; s++) {
        left[trees[s]] &= masks[s];
      }
    }
    float sum = 0f;
    for (int t = 0; t < left.length; t++) {
      sum += leaves[firstLeaf[t] + Long.numberOfTrailingZeros(left[t])];
    }
    return sum;
  }
}
