package org.latamml.explanation;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Objects;

/**
 * A boosted-tree model's trees with each node's cover, so that its predictions can be explained
 * exactly (TreeSHAP): {@code log-odds = baseMargin + Σ leaf value of each tree}, before any
 * calibration. Each tree is written as XGBoost's JSON model writes it, so that a model trained in
 * Python can carry its own ({@code booster.save_model("model.json")}).
 *
 * @param baseMargin the log-odds every flight starts from before the first tree
 * @param trees the trees, in boosting order
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TreeTerms(double baseMargin, List<Tree> trees) {

  /** Copies the trees and checks there is one. */
  public TreeTerms {
    trees = List.copyOf(Objects.requireNonNull(trees, "trees"));
    if (trees.isEmpty()) {
      throw new IllegalArgumentException("tree terms need at least one tree");
    }
  }

  /**
   * One tree as parallel arrays over its nodes, node 0 its root: a node whose left child is -1 is a
   * leaf holding its value in {@code splitConditions}; a split sends {@code input <
   * splitConditions} to its left child and a missing input to the left when {@code defaultLeft} is
   * 1.
   *
   * @param leftChildren each node's left child, -1 for a leaf
   * @param rightChildren each node's right child, -1 for a leaf
   * @param splitIndices the input each split tests
   * @param splitConditions each split's threshold, each leaf's value
   * @param defaultLeft 1 where a missing input goes left
   * @param sumHessian each node's cover: the training rows' summed Hessian that reached it
   */
  // Primitive arrays: the trees are read once from a card and never changed.
  @SuppressWarnings("ArrayRecordComponent")
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Tree(
      int[] leftChildren,
      int[] rightChildren,
      int[] splitIndices,
      float[] splitConditions,
      int[] defaultLeft,
      float[] sumHessian) {

    /**
     * Checks that the arrays describe one tree.
     *
     * @throws IllegalArgumentException when they differ in length, or a child is out of range
     */
    public Tree {
      int nodes = Objects.requireNonNull(leftChildren, "left_children").length;
      for (int[] other :
          new int[][] {
            Objects.requireNonNull(rightChildren, "right_children"),
            Objects.requireNonNull(splitIndices, "split_indices"),
            Objects.requireNonNull(defaultLeft, "default_left")
          }) {
        if (other.length != nodes) {
          throw new IllegalArgumentException("a tree's arrays must all have one entry per node");
        }
      }
      if (Objects.requireNonNull(splitConditions, "split_conditions").length != nodes
          || Objects.requireNonNull(sumHessian, "sum_hessian").length != nodes) {
        throw new IllegalArgumentException("a tree's arrays must all have one entry per node");
      }
      if (nodes == 0) {
        throw new IllegalArgumentException("a tree needs a root");
      }
      for (int node = 0; node < nodes; node++) {
        boolean leaf = leftChildren[node] == -1;
        if (!leaf
            && (leftChildren[node] <= node
                || leftChildren[node] >= nodes
                || rightChildren[node] <= node
                || rightChildren[node] >= nodes)) {
          throw new IllegalArgumentException(
              "node " + node + " has a child outside the tree or before it");
        }
      }
    }

    /** How many nodes it has. */
    public int size() {
      return leftChildren.length;
    }
  }
}
