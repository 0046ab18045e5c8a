package org.latamml.explanation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
 * holds the subtree's leaves' sum for every way a flight can go, and a flight costs its row's index
 * and one row per subtree (a tree of depth 4: four subtrees of five splits, instead of sixteen
 * leaves).
 */
final class SubtreeShap {
  /** The most splits a subtree's table is indexed by: 2^6 rows. */
  static final int MAX_SPLITS = 6;

  /** The deepest tree explained this way: a leaf's path must fit one table. */
  static final int MAX_DEPTH = MAX_SPLITS;

  // A flight's row index in each subtree is found from the other side: starting from "left at
  // every split", each split test the flight fails flips its bit in the subtrees that use it. The
  // trees of a histogram-trained model share most tests (2.0.0: 960 distinct among 25,922 splits),
  // and one input's tests sorted by condition fail as a prefix: a flight reads, per input, its
  // failed tests' postings in one run, instead of a gather per split (docs/MODEL.md).
  private final int[] testedInputs;
  private final int[] inputTestStarts;
  // Per distinct test, by input then condition: the condition as ordered bits, the way a missing
  // value goes (1 = left), and where its postings (subtree << 3 | bit) start.
  private final int[] testConditions;
  private final int[] testMissingLeft;
  private final int[] postingStarts;
  private final int[] postings;
  // Per subtree: its row index when the flight goes left at every split; its inputs; where its
  // table starts.
  private final int[] allLeft;
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
    // Subtrees of one width side by side: the loop over a row then runs the same count many times
    // in a row, which the processor predicts.
    subtrees.sort(Comparator.comparingInt((Subtree subtree) -> subtree.inputs.length));
    int count = subtrees.size();
    allLeft = new int[count];
    inputStarts = new int[count + 1];
    tableStarts = new int[count + 1];
    // Each distinct test with the subtrees' bits it decides.
    Map<Test, List<Integer>> tests = new TreeMap<>();
    for (int g = 0; g < count; g++) {
      Subtree subtree = subtrees.get(g);
      for (int bit = 0; bit < subtree.splits.length; bit++) {
        int node = subtree.splits[bit];
        Test test =
            new Test(
                nodes.split[node],
                orderedBits(nodes.condition[node]),
                nodes.defaultLeft[node] ? 1 : 0);
        tests.computeIfAbsent(test, unused -> new ArrayList<>()).add(g << 3 | bit);
      }
      allLeft[g] = (1 << subtree.splits.length) - 1;
      inputStarts[g + 1] = inputStarts[g] + subtree.inputs.length;
      tableStarts[g + 1] = tableStarts[g] + subtree.table.length;
    }
    int distinct = tests.size();
    testConditions = new int[distinct];
    testMissingLeft = new int[distinct];
    postingStarts = new int[distinct + 1];
    postings = new int[tests.values().stream().mapToInt(List::size).sum()];
    List<Integer> tested = new ArrayList<>();
    List<Integer> testStarts = new ArrayList<>();
    int t = 0;
    for (Map.Entry<Test, List<Integer>> entry : tests.entrySet()) {
      Test test = entry.getKey();
      if (tested.isEmpty() || tested.getLast() != test.input()) {
        tested.add(test.input());
        testStarts.add(t);
      }
      testConditions[t] = test.condition();
      testMissingLeft[t] = test.missingLeft();
      postingStarts[t + 1] = postingStarts[t] + entry.getValue().size();
      for (int k = 0; k < entry.getValue().size(); k++) {
        postings[postingStarts[t] + k] = entry.getValue().get(k);
      }
      t++;
    }
    testStarts.add(distinct);
    testedInputs = tested.stream().mapToInt(Integer::intValue).toArray();
    inputTestStarts = testStarts.stream().mapToInt(Integer::intValue).toArray();
    inputs = new int[inputStarts[count]];
    table = new float[tableStarts[count]];
    for (int g = 0; g < count; g++) {
      Subtree subtree = subtrees.get(g);
      System.arraycopy(subtree.inputs, 0, inputs, inputStarts[g], subtree.inputs.length);
      for (int i = 0; i < subtree.table.length; i++) {
        table[tableStarts[g] + i] = (float) subtree.table[i];
      }
    }
  }

  /**
   * A split test: left when the input is below the condition (as {@link #orderedBits}), or, for a
   * missing value, when {@code missingLeft} is 1. Ordered by input, then condition.
   */
  private record Test(int input, int condition, int missingLeft) implements Comparable<Test> {
    @Override
    public int compareTo(Test other) {
      int byInput = Integer.compare(input, other.input);
      if (byInput != 0) {
        return byInput;
      }
      int byCondition = Integer.compare(condition, other.condition);
      return byCondition != 0 ? byCondition : Integer.compare(missingLeft, other.missingLeft);
    }
  }

  /**
   * A float's bits turned so that ints compare as the floats do (NaN aside). Minus zero is taken as
   * zero, as the float comparison does.
   */
  static int orderedBits(float x) {
    int bits = Float.floatToRawIntBits(x + 0.0f);
    return bits ^ ((bits >> 31) & 0x7fffffff);
  }

  /** Adds every tree's Shapley value of each input of the row to {@code phi}. */
  void addTo(double[] phi, float[] row, int offset) {
    int[] index = allLeft.clone();
    for (int f = 0; f < testedInputs.length; f++) {
      float x = row[offset + testedInputs[f]];
      int first = inputTestStarts[f];
      int end = inputTestStarts[f + 1];
      if (Float.isNaN(x)) {
        // A missing value goes each split's default way.
        for (int t = first; t < end; t++) {
          if (testMissingLeft[t] == 0) {
            flip(index, postingStarts[t], postingStarts[t + 1]);
          }
        }
      } else {
        int key = orderedBits(x);
        int failed = first;
        while (failed < end && testConditions[failed] <= key) {
          failed++;
        }
        flip(index, postingStarts[first], postingStarts[failed]);
      }
    }
    for (int g = 0; g < index.length; g++) {
      int start = inputStarts[g];
      int width = inputStarts[g + 1] - start;
      int at = tableStarts[g] + index[g] * width;
      for (int i = 0; i < width; i++) {
        phi[inputs[start + i]] += table[at + i];
      }
    }
  }

  /** Sends the subtrees' bits of the postings from {@code from} to {@code to} right. */
  private void flip(int[] index, int from, int to) {
    for (int p = from; p < to; p++) {
      int posting = postings[p];
      index[posting >>> 3] ^= 1 << (posting & 7);
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
