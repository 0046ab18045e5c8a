package org.latamml.explanation;

/**
 * TreeSHAP as Lundberg, Erion and Lee (2018) give it (algorithm 2) and XGBoost computes it: one
 * walk of a tree, carrying the path's unique inputs with their zero and one fractions and weights.
 * Its cost grows with the square of the depth at every leaf; {@link SubtreeShap} is faster for
 * shallow trees.
 */
final class PathShap {
  private final TreeNodes nodes;
  private final int root;
  private final int capacity;

  PathShap(TreeNodes nodes, int root) {
    this.nodes = nodes;
    this.root = root;
    int maxd = nodes.depth(root) + 2;
    this.capacity = maxd * (maxd + 1) / 2;
  }

  /** Adds the tree's Shapley value of each input of the row to {@code phi}. */
  void addTo(double[] phi, float[] row, int offset) {
    recurse(row, offset, phi, new Path(capacity), root, 0, 0, 1, 1, -1);
  }

  /** The unique inputs on the way to a node, with their zero/one fractions and path weights. */
  private static final class Path {
    final int[] feature;
    final double[] zero;
    final double[] one;
    final double[] weight;

    Path(int capacity) {
      feature = new int[capacity];
      zero = new double[capacity];
      one = new double[capacity];
      weight = new double[capacity];
    }

    void copy(int from, int to, int length) {
      System.arraycopy(feature, from, feature, to, length);
      System.arraycopy(zero, from, zero, to, length);
      System.arraycopy(one, from, one, to, length);
      System.arraycopy(weight, from, weight, to, length);
    }

    void extend(int at, int depth, double zeroFraction, double oneFraction, int index) {
      feature[at + depth] = index;
      zero[at + depth] = zeroFraction;
      one[at + depth] = oneFraction;
      weight[at + depth] = depth == 0 ? 1 : 0;
      for (int i = depth - 1; i >= 0; i--) {
        weight[at + i + 1] += oneFraction * weight[at + i] * (i + 1) / (depth + 1);
        weight[at + i] = zeroFraction * weight[at + i] * (depth - i) / (depth + 1);
      }
    }

    void unwind(int at, int depth, int index) {
      double oneFraction = one[at + index];
      double zeroFraction = zero[at + index];
      double nextOnePortion = weight[at + depth];
      for (int i = depth - 1; i >= 0; i--) {
        if (oneFraction != 0) {
          double kept = weight[at + i];
          weight[at + i] = nextOnePortion * (depth + 1) / ((i + 1) * oneFraction);
          nextOnePortion = kept - weight[at + i] * zeroFraction * (depth - i) / (depth + 1);
        } else {
          weight[at + i] = weight[at + i] * (depth + 1) / (zeroFraction * (depth - i));
        }
      }
      for (int i = index; i < depth; i++) {
        feature[at + i] = feature[at + i + 1];
        zero[at + i] = zero[at + i + 1];
        one[at + i] = one[at + i + 1];
      }
    }

    double unwoundSum(int at, int depth, int index) {
      double oneFraction = one[at + index];
      double zeroFraction = zero[at + index];
      double nextOnePortion = weight[at + depth];
      double total = 0;
      for (int i = depth - 1; i >= 0; i--) {
        if (oneFraction != 0) {
          double part = nextOnePortion * (depth + 1) / ((i + 1) * oneFraction);
          total += part;
          nextOnePortion = weight[at + i] - part * zeroFraction * (depth - i) / (depth + 1);
        } else if (zeroFraction != 0) {
          total += weight[at + i] / zeroFraction / ((double) (depth - i) / (depth + 1));
        }
      }
      return total;
    }
  }

  /**
   * The recursion: the parent's path starts at {@code parentAt}; this node's copy of it starts
   * right after, so each level's path lives in its own slice of one array.
   */
  private void recurse(
      float[] row,
      int offset,
      double[] phi,
      Path path,
      int node,
      int parentAt,
      int depth,
      double parentZero,
      double parentOne,
      int parentFeature) {
    int at = parentAt + depth + 1;
    path.copy(parentAt, at, depth + 1);
    path.extend(at, depth, parentZero, parentOne, parentFeature);
    if (nodes.isLeaf(node)) {
      for (int i = 1; i <= depth; i++) {
        double w = path.unwoundSum(at, depth, i);
        phi[path.feature[at + i]] += w * (path.one[at + i] - path.zero[at + i]) * nodes.value[node];
      }
      return;
    }
    int input = nodes.split[node];
    int hot = nodes.childOf(node, row, offset);
    int cold = hot == nodes.left[node] ? nodes.right[node] : nodes.left[node];
    double hotZero = nodes.cover[hot] / nodes.cover[node];
    double coldZero = nodes.cover[cold] / nodes.cover[node];
    double incomingZero = 1;
    double incomingOne = 1;
    int index = 0;
    while (index <= depth && path.feature[at + index] != input) {
      index++;
    }
    if (index != depth + 1) {
      // The input was split on higher up: undo that split, so that this node redoes it.
      incomingZero = path.zero[at + index];
      incomingOne = path.one[at + index];
      path.unwind(at, depth, index);
      depth--;
    }
    recurse(row, offset, phi, path, hot, at, depth + 1, hotZero * incomingZero, incomingOne, input);
    recurse(row, offset, phi, path, cold, at, depth + 1, coldZero * incomingZero, 0, input);
  }
}
