package org.latamml.explanation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * TreeSHAP with each leaf's Shapley weights computed once, before the first flight (after Yang,
 * "Fast TreeSHAP", 2021): the same values as {@link PathShap}, in time linear in the path's length
 * at each leaf. A leaf whose path tests d inputs adds, to each input i on it,
 *
 * <pre>
 *   value · (o_i − z_i) · Σ_{S ⊆ O \ {i}} |S|! (d − |S| − 1)! / d! · Π_{j ∉ S, j ≠ i} z_j
 * </pre>
 *
 * where z_j is the share of the training rows' cover that follows the path's splits on input j, and
 * O the inputs whose splits the flight follows (o_j = 1). That depends on the flight only through
 * O, one of 2^d subsets: the table keeps the d values for each, 2^d · d numbers a leaf, side by
 * side so that a flight reads one cache line a leaf. Every tree's leaves share flat arrays.
 */
final class LeafShap {
  /** The deepest tree explained this way: a leaf of depth 6 keeps 384 numbers. */
  static final int MAX_DEPTH = 6;

  private final TreeNodes nodes;
  // Per tree: its splits, in the order of the bits of a flight's decisions, and its leaves.
  private final int[] splitStarts;
  private final int[] splits;
  private final int[] leafStarts;
  // Per leaf: how many inputs its path tests, where they start, where its table starts.
  private final int[] inputCounts;
  private final int[] inputStarts;
  private final int[] tableStarts;
  // Per input of a leaf: which input, the splits on it (bits) and the way the path takes them.
  private final int[] inputs;
  private final long[] inputSplits;
  private final long[] inputWays;
  private final double[] table;

  /** The tables of the trees at {@code roots}, each at most {@link #MAX_DEPTH} deep. */
  LeafShap(TreeNodes nodes, int[] roots) {
    this.nodes = nodes;
    List<Leaf> leaves = new ArrayList<>();
    List<Integer> splitList = new ArrayList<>();
    splitStarts = new int[roots.length + 1];
    leafStarts = new int[roots.length + 1];
    for (int t = 0; t < roots.length; t++) {
      splitStarts[t] = splitList.size();
      leafStarts[t] = leaves.size();
      walk(roots[t], new ArrayList<>(), leaves, splitList, splitStarts[t]);
    }
    splitStarts[roots.length] = splitList.size();
    leafStarts[roots.length] = leaves.size();
    splits = splitList.stream().mapToInt(Integer::intValue).toArray();
    int count = leaves.size();
    inputCounts = new int[count];
    inputStarts = new int[count];
    tableStarts = new int[count];
    int allInputs = leaves.stream().mapToInt(leaf -> leaf.inputs.length).sum();
    inputs = new int[allInputs];
    inputSplits = new long[allInputs];
    inputWays = new long[allInputs];
    table = new double[leaves.stream().mapToInt(leaf -> tableSize(leaf.inputs.length)).sum()];
    int inputAt = 0;
    int tableAt = 0;
    for (int l = 0; l < count; l++) {
      Leaf leaf = leaves.get(l);
      int d = leaf.inputs.length;
      inputCounts[l] = d;
      inputStarts[l] = inputAt;
      System.arraycopy(leaf.inputs, 0, inputs, inputAt, d);
      System.arraycopy(leaf.splits, 0, inputSplits, inputAt, d);
      System.arraycopy(leaf.ways, 0, inputWays, inputAt, d);
      inputAt += d;
      tableStarts[l] = tableAt;
      fillTable(leaf.zeros, nodes.value[leaf.node], tableAt);
      tableAt += tableSize(d);
    }
  }

  /**
   * A leaf: the inputs its path tests, for each the bits of the splits on it, the bits of those it
   * takes to the left, and the share of cover they keep.
   */
  // Built and read only while the tables are made.
  @SuppressWarnings("ArrayRecordComponent")
  private record Leaf(int node, int[] inputs, long[] splits, long[] ways, double[] zeros) {}

  private void walk(
      int node, List<long[]> path, List<Leaf> leaves, List<Integer> splitList, int first) {
    if (nodes.isLeaf(node)) {
      leaves.add(leafOf(node, path));
      return;
    }
    long bit = 1L << (splitList.size() - first);
    splitList.add(node);
    path.add(new long[] {node, bit, bit});
    walk(nodes.left[node], path, leaves, splitList, first);
    path.set(path.size() - 1, new long[] {node, bit, 0});
    walk(nodes.right[node], path, leaves, splitList, first);
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
        Arrays.copyOf(zero, d));
  }

  /**
   * Writes, for each subset O of the leaf's inputs (bits) and each input i, {@code value · (o_i −
   * z_i) · Σ_{S ⊆ O \ {i}} w(|S|) Π_{j ∉ S, j ≠ i} z_j}.
   */
  private void fillTable(double[] z, double value, int at) {
    int d = z.length;
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
        table[at + followed * d + i] = value * (one - z[i]) * sum;
      }
    }
  }

  /** d values for each of the 2^d subsets of a leaf's d inputs. */
  private static int tableSize(int d) {
    return d * (1 << d);
  }

  private static double binomial(int n, int k) {
    double result = 1;
    for (int i = 1; i <= k; i++) {
      result = result * (n - k + i) / i;
    }
    return result;
  }

  /** Adds every tree's Shapley value of each input of the row to {@code phi}. */
  void addTo(double[] phi, float[] row, int offset) {
    for (int t = 0; t < leafStarts.length - 1; t++) {
      long left = 0;
      for (int k = splitStarts[t], bit = 0; k < splitStarts[t + 1]; k++, bit++) {
        int split = splits[k];
        if (nodes.childOf(split, row, offset) == nodes.left[split]) {
          left |= 1L << bit;
        }
      }
      for (int l = leafStarts[t]; l < leafStarts[t + 1]; l++) {
        int d = inputCounts[l];
        int start = inputStarts[l];
        int followed = 0;
        for (int i = 0; i < d; i++) {
          if (((left ^ inputWays[start + i]) & inputSplits[start + i]) == 0) {
            followed |= 1 << i;
          }
        }
        int block = tableStarts[l] + followed * d;
        for (int i = 0; i < d; i++) {
          phi[inputs[start + i]] += table[block + i];
        }
      }
    }
  }
}
