package org.latamml.explanation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * TreeSHAP from tables computed once, before the first flight: the same values as {@link PathShap}
 * in a few table reads a tree.
 *
 * <p>A leaf whose path tests d inputs adds, to each input i on it (after Yang, "Fast TreeSHAP",
 * 2021),
 *
 * <pre>
 *   value · (o_i − z_i) · Σ_{S ⊆ O \ {i}} |S|! (d − |S| − 1)! / d! · Π_{j ∉ S, j ≠ i} z_j
 * </pre>
 *
 * where z_j is the share of the training rows' cover that follows the path's splits on input j, and
 * O the inputs whose splits the flight follows (o_j = 1). That depends on the flight only through
 * the ways it goes at the splits on the leaf's path. So the leaves of a small subtree depend only
 * on the splits above it and in it: with at most {@value #MAX_SPLITS} of them, a table of 2^s rows
 * holds the subtree's leaves' sum for every way a flight can go, and a flight costs s split tests
 * and one row per subtree (a tree of depth 4: four subtrees of five splits, instead of sixteen
 * leaves).
 */
final class SubtreeShap {
  /** The most splits a subtree's table is indexed by: 2^6 rows. */
  static final int MAX_SPLITS = 6;

  /** The deepest tree explained this way: a leaf's path must fit one table. */
  static final int MAX_DEPTH = MAX_SPLITS;

  // Per subtree: its splits (input, condition, way of a missing value), bit k of the row index
  // being the k-th split's outcome (1 = left); its inputs; where its table starts.
  private final int[] splitStarts;
  private final int[] splitInputs;
  private final float[] splitConditions;
  private final boolean[] splitDefaultLeft;
  private final int[] inputStarts;
  private final int[] inputs;
  private final int[] tableStarts;
  // Floats: half the bytes a flight reads, which is what it waits for. Each share is rounded to
  // float; the sums still match XGBoost's within 1e-5 (TreeExplanationTest).
  private final float[] table;

  /** The tables of the trees at {@code roots}, each at most {@link #MAX_DEPTH} deep. */
  SubtreeShap(TreeNodes nodes, int[] roots) {
    List<Subtree> subtrees = new ArrayList<>();
    for (int root : roots) {
      new TreeTables(nodes, root).addSubtrees(subtrees);
    }
    // Subtrees of one shape side by side: the loops below then run the same counts many times in
    // a row, which the processor predicts.
    subtrees.sort(
        Comparator.comparingInt((Subtree subtree) -> subtree.splits.length)
            .thenComparingInt(subtree -> subtree.inputs.length));
    int count = subtrees.size();
    splitStarts = new int[count + 1];
    inputStarts = new int[count + 1];
    tableStarts = new int[count + 1];
    for (int g = 0; g < count; g++) {
      Subtree subtree = subtrees.get(g);
      splitStarts[g + 1] = splitStarts[g] + subtree.splits.length;
      inputStarts[g + 1] = inputStarts[g] + subtree.inputs.length;
      tableStarts[g + 1] = tableStarts[g] + subtree.table.length;
    }
    splitInputs = new int[splitStarts[count]];
    splitConditions = new float[splitStarts[count]];
    splitDefaultLeft = new boolean[splitStarts[count]];
    inputs = new int[inputStarts[count]];
    table = new float[tableStarts[count]];
    for (int g = 0; g < count; g++) {
      Subtree subtree = subtrees.get(g);
      for (int k = 0; k < subtree.splits.length; k++) {
        int node = subtree.splits[k];
        splitInputs[splitStarts[g] + k] = nodes.split[node];
        splitConditions[splitStarts[g] + k] = nodes.condition[node];
        splitDefaultLeft[splitStarts[g] + k] = nodes.defaultLeft[node];
      }
      System.arraycopy(subtree.inputs, 0, inputs, inputStarts[g], subtree.inputs.length);
      for (int i = 0; i < subtree.table.length; i++) {
        table[tableStarts[g] + i] = (float) subtree.table[i];
      }
    }
  }

  /** Adds every tree's Shapley value of each input of the row to {@code phi}. */
  void addTo(double[] phi, float[] row, int offset) {
    for (int g = 0; g < tableStarts.length - 1; g++) {
      int index = 0;
      for (int k = splitStarts[g], bit = 0; k < splitStarts[g + 1]; k++, bit++) {
        float x = row[offset + splitInputs[k]];
        // A missing value goes the split's default way.
        boolean left = Float.isNaN(x) ? splitDefaultLeft[k] : x < splitConditions[k];
        index |= (left ? 1 : 0) << bit;
      }
      int first = inputStarts[g];
      int width = inputStarts[g + 1] - first;
      int at = tableStarts[g] + index * width;
      for (int i = 0; i < width; i++) {
        phi[inputs[first + i]] += table[at + i];
      }
    }
  }

  /**
   * A subtree's table: its splits (the ones above it, then its own), its inputs, and for each of
   * the 2^splits ways a flight can go, each input's summed share, {@code inputs.length} values a
   * row.
   */
  // Built once, then copied into the flat arrays.
  @SuppressWarnings("ArrayRecordComponent")
  private record Subtree(int[] splits, int[] inputs, double[] table) {}

  /** One tree's leaves with their per-leaf tables, cut into subtrees. */
  private static final class TreeTables {
    private final TreeNodes nodes;
    private final int root;
    // The tree's splits numbered in walk order: bit number of each split node.
    private final List<Integer> splitNodes = new ArrayList<>();
    private final Map<Integer, Leaf> leaves = new HashMap<>();

    TreeTables(TreeNodes nodes, int root) {
      this.nodes = nodes;
      this.root = root;
      walk(root, new ArrayList<>());
    }

    /**
     * A leaf: the inputs its path tests, for each the bits of the splits on it and of those it
     * takes to the left, and for each subset of those inputs the flight follows, each one's share.
     */
    // Built and read only while the tables are made.
    @SuppressWarnings("ArrayRecordComponent")
    private record Leaf(int node, int[] inputs, long[] splits, long[] ways, double[] shares) {

      /**
       * Where the shares start of a flight that goes left at the splits of {@code left} (tree
       * bits): the subset of the inputs whose every split it follows.
       */
      int sharesAt(long left) {
        int followed = 0;
        for (int i = 0; i < inputs.length; i++) {
          if (((left ^ ways[i]) & splits[i]) == 0) {
            followed |= 1 << i;
          }
        }
        return followed * inputs.length;
      }
    }

    private void walk(int node, List<long[]> path) {
      if (nodes.isLeaf(node)) {
        leaves.put(node, leafOf(node, path));
        return;
      }
      long bit = 1L << splitNodes.size();
      splitNodes.add(node);
      path.add(new long[] {node, bit, bit});
      walk(nodes.left[node], path);
      path.set(path.size() - 1, new long[] {node, bit, 0});
      walk(nodes.right[node], path);
      path.remove(path.size() - 1);
    }

    private Leaf leafOf(int node, List<long[]> path) {
      int n = path.size();
      int[] unique = new int[n];
      long[] splitBits = new long[n];
      long[] wayBits = new long[n];
      double[] zero = new double[n];
      int d = 0;
      for (long[] step : path) {
        int split = (int) step[0];
        int child = step[2] != 0 ? nodes.left[split] : nodes.right[split];
        int input = nodes.split[split];
        int slot = 0;
        while (slot < d && unique[slot] != input) {
          slot++;
        }
        if (slot == d) {
          unique[d] = input;
          zero[d] = 1;
          d++;
        }
        splitBits[slot] |= step[1];
        wayBits[slot] |= step[2];
        zero[slot] *= nodes.cover[child] / nodes.cover[split];
      }
      return new Leaf(
          node,
          Arrays.copyOf(unique, d),
          Arrays.copyOf(splitBits, d),
          Arrays.copyOf(wayBits, d),
          shares(Arrays.copyOf(zero, d), nodes.value[node]));
    }

    /**
     * For each subset O of the leaf's inputs (bits) and each input i, {@code value · (o_i − z_i) ·
     * Σ_{S ⊆ O \ {i}} w(|S|) Π_{j ∉ S, j ≠ i} z_j}: d values for each of the 2^d subsets.
     */
    private static double[] shares(double[] z, double value) {
      int d = z.length;
      double[] shares = new double[d * (1 << d)];
      double[] weight = new double[d];
      for (int k = 0; k < d; k++) {
        weight[k] = 1.0 / (d * binomial(d - 1, k));
      }
      for (int followed = 0; followed < 1 << d; followed++) {
        for (int i = 0; i < d; i++) {
          int others = followed & ~(1 << i);
          double sum = 0;
          for (int s = others; ; s = (s - 1) & others) {
            double product = weight[Integer.bitCount(s)];
            for (int j = 0; j < d; j++) {
              if (j != i && (s & (1 << j)) == 0) {
                product *= z[j];
              }
            }
            sum += product;
            if (s == 0) {
              break;
            }
          }
          int one = (followed >> i) & 1;
          shares[followed * d + i] = value * (one - z[i]) * sum;
        }
      }
      return shares;
    }

    private static double binomial(int n, int k) {
      double result = 1;
      for (int i = 1; i <= k; i++) {
        result = result * (n - k + i) / i;
      }
      return result;
    }

    void addSubtrees(List<Subtree> subtrees) {
      cut(root, new ArrayList<>(), subtrees);
    }

    /** The subtree at {@code node} if it and the splits above fit a table, else its children's. */
    private void cut(int node, List<Integer> above, List<Subtree> subtrees) {
      List<Integer> inside = new ArrayList<>();
      List<Leaf> leavesInside = new ArrayList<>();
      collect(node, inside, leavesInside);
      if (above.size() + inside.size() <= MAX_SPLITS) {
        List<Integer> splits = new ArrayList<>(above);
        splits.addAll(inside);
        subtrees.add(subtree(splits, leavesInside));
        return;
      }
      above.add(node);
      cut(nodes.left[node], above, subtrees);
      cut(nodes.right[node], above, subtrees);
      above.removeLast();
    }

    private void collect(int node, List<Integer> splits, List<Leaf> leavesInside) {
      if (nodes.isLeaf(node)) {
        leavesInside.add(leaves.get(node));
      } else {
        splits.add(node);
        collect(nodes.left[node], splits, leavesInside);
        collect(nodes.right[node], splits, leavesInside);
      }
    }

    private Subtree subtree(List<Integer> splits, List<Leaf> inside) {
      int[] unique =
          inside.stream().flatMapToInt(leaf -> Arrays.stream(leaf.inputs)).distinct().toArray();
      long[] treeBits = new long[splits.size()];
      for (int k = 0; k < treeBits.length; k++) {
        treeBits[k] = 1L << splitNodes.indexOf(splits.get(k));
      }
      int width = unique.length;
      double[] rows = new double[width << splits.size()];
      for (int index = 0; index < 1 << splits.size(); index++) {
        long left = 0;
        for (int k = 0; k < treeBits.length; k++) {
          if ((index >> k & 1) != 0) {
            left |= treeBits[k];
          }
        }
        for (Leaf leaf : inside) {
          int at = leaf.sharesAt(left);
          for (int i = 0; i < leaf.inputs.length; i++) {
            rows[index * width + slotOf(unique, leaf.inputs[i])] += leaf.shares[at + i];
          }
        }
      }
      return new Subtree(splits.stream().mapToInt(Integer::intValue).toArray(), unique, rows);
    }

    private static int slotOf(int[] unique, int input) {
      int slot = 0;
      while (unique[slot] != input) {
        slot++;
      }
      return slot;
    }
  }
}
