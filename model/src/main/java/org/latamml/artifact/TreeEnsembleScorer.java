package org.latamml.artifact;

import java.util.List;
import org.latamml.explanation.TreeTerms;

/**
 * A boosted-tree model's probabilities computed in Java from the trees of its card, the way its
 * ONNX graph computes them: each tree's leaf summed in single precision in boosting order, the base
 * margin added, then the graph's calibration ({@link LogOddsCalibration}). A single row costs ONNX
 * Runtime several times the trees' own work (docs/PERFORMANCE.md, "The trees in Java"); a model
 * scores with this only once it has agreed with its graph ({@link GraphParity}).
 *
 * <p>A row with no missing input is scored input by input ({@link LeafMasks}) rather than walked
 * tree by tree, unless a tree has more than 64 leaves or a threshold that is not a number: then
 * every row is walked.
 */
final class TreeEnsembleScorer implements TermsScorer {
  // Node references: a split's index (>= 0), or a leaf's index complemented (< 0).
  private final int[] roots;
  private final int[] inputs;
  private final float[] thresholds;
  private final boolean[] missingLeft;
  // Two per split, left then right: the child a row goes to is children[2 * split + side].
  private final int[] children;
  private final float[] leaves;
  private final float baseMargin;
  private final LogOddsCalibration calibration;
  private final int width;
  // Null when a tree has too many leaves to mask, or a threshold that is not a number.
  private final LeafMasks masks;

  /**
   * The scorer of trees over rows of {@code width} inputs, ending in {@code calibration}.
   *
   * @throws IllegalArgumentException when a split tests an input outside the row
   */
  TreeEnsembleScorer(TreeTerms terms, int width, LogOddsCalibration calibration) {
    List<TreeTerms.Tree> trees = terms.trees();
    int splits = 0;
    int leafCount = 0;
    for (TreeTerms.Tree tree : trees) {
      for (int child : tree.leftChildren()) {
        if (child == -1) {
          leafCount++;
        } else {
          splits++;
        }
      }
    }
    this.roots = new int[trees.size()];
    this.inputs = new int[splits];
    this.thresholds = new float[splits];
    this.missingLeft = new boolean[splits];
    this.children = new int[2 * splits];
    this.leaves = new float[leafCount];
    this.baseMargin = (float) terms.baseMargin();
    this.calibration = calibration;
    this.width = width;
    int[] next = {0, 0};
    for (int t = 0; t < trees.size(); t++) {
      roots[t] = place(trees.get(t), 0, next, t);
    }
    this.masks = LeafMasks.of(terms, width);
  }

  /** Lays out a tree's node and those under it; returns the node's reference. */
  private int place(TreeTerms.Tree tree, int node, int[] next, int treeIndex) {
    if (tree.leftChildren()[node] == -1) {
      if (next[1] == leaves.length) {
        throw new IllegalArgumentException(
            "tree " + treeIndex + " reaches a leaf twice: the trees as written hold fewer leaves");
      }
      int leaf = next[1]++;
      leaves[leaf] = tree.splitConditions()[node];
      return ~leaf;
    }
    if (next[0] == inputs.length) {
      throw new IllegalArgumentException(
          "tree " + treeIndex + " reaches a node twice: the trees as written hold fewer splits");
    }
    int split = next[0]++;
    int input = tree.splitIndices()[node];
    if (input < 0 || input >= width) {
      throw new IllegalArgumentException(
          "tree " + treeIndex + " node " + node + " tests input " + input + " of " + width);
    }
    inputs[split] = input;
    thresholds[split] = tree.splitConditions()[node];
    missingLeft[split] = tree.defaultLeft()[node] != 0;
    children[2 * split] = place(tree, tree.leftChildren()[node], next, treeIndex);
    children[2 * split + 1] = place(tree, tree.rightChildren()[node], next, treeIndex);
    return split;
  }

  @Override
  public double[] probabilities(float[] flat, int count) {
    double[] probabilities = new double[count];
    for (int r = 0; r < count; r++) {
      probabilities[r] = calibration.probability(logOdds(flat, r * width));
    }
    return probabilities;
  }

  /** The log-odds of the row at {@code offset}: the graph's tree ensemble's output. */
  float logOdds(float[] flat, int offset) {
    if (masks != null && !hasMissing(flat, offset)) {
      return masks.leafSum(flat, offset) + baseMargin;
    }
    return walk(flat, offset);
  }

  private boolean hasMissing(float[] flat, int offset) {
    for (int i = offset; i < offset + width; i++) {
      if (Float.isNaN(flat[i])) {
        return true;
      }
    }
    return false;
  }

  /** The log-odds by the trees as written, any depth, missing inputs each split's default way. */
  float walk(float[] flat, int offset) {
    float sum = 0f;
    for (int root : roots) {
      int node = root;
      while (node >= 0) {
        float x = flat[offset + inputs[node]];
        // A missing input (NaN) is below nothing: it goes right unless the split sends it left.
        int side = x < thresholds[node] || (Float.isNaN(x) && missingLeft[node]) ? 0 : 1;
        node = children[2 * node + side];
      }
      sum += leaves[~node];
    }
    return sum + baseMargin;
  }

  /** Every threshold the trees split {@code input} at, for rows that test each split's edges. */
  float[] thresholdsOf(int input) {
    int count = 0;
    for (int value : inputs) {
      if (value == input) {
        count++;
      }
    }
    float[] found = new float[count];
    int at = 0;
    for (int split = 0; split < inputs.length; split++) {
      if (inputs[split] == input) {
        found[at++] = thresholds[split];
      }
    }
    return found;
  }

  /** The inputs a row has. */
  @Override
  public int width() {
    return width;
  }

  /** Its thresholds: each split's edges. */
  @Override
  public float[] edgesOf(int input) {
    return thresholdsOf(input);
  }

  /** A missing input goes each split's default way. */
  @Override
  public boolean readsMissing() {
    return true;
  }

  @Override
  public String terms() {
    return "trees";
  }
}
