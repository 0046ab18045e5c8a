package org.latamml.explanation;

import java.util.ArrayList;
import java.util.List;
import org.latamml.features.Feature;

/**
 * Explains a boosted-tree model exactly with TreeSHAP, the values XGBoost gives as {@code
 * pred_contribs}: each input's Shapley value of the trees' log-odds, an absent input's expectation
 * taken over the training rows by the nodes' covers. Trees up to depth {@value
 * SubtreeShap#MAX_DEPTH} use weights computed once, at the first explanation ({@link SubtreeShap}),
 * deeper ones the path algorithm ({@link PathShap}).
 */
public final class TreeExplainer implements Explainer {
  private final InputGroups inputs;
  private final int width;
  private final TreeNodes nodes;
  private final int[] shallowRoots;
  // Built at the first explanation: a model that is never asked why keeps no tables.
  private volatile SubtreeShap shallow;
  private final PathShap[] deep;
  private final double base;

  /**
   * An explainer of the model with these trees and inputs.
   *
   * @throws IllegalArgumentException when a split tests an input the model does not have, or a
   *     split node has no cover
   */
  public TreeExplainer(TreeTerms terms, List<Feature> features) {
    this.inputs = new InputGroups(features);
    this.width = features.size();
    this.nodes = new TreeNodes(terms, width);
    double expected = terms.baseMargin();
    List<Integer> shallowList = new ArrayList<>();
    List<PathShap> deepTrees = new ArrayList<>();
    for (int root : nodes.roots) {
      expected += nodes.value[root];
      if (nodes.depth(root) <= SubtreeShap.MAX_DEPTH) {
        shallowList.add(root);
      } else {
        deepTrees.add(new PathShap(nodes, root));
      }
    }
    this.shallowRoots = shallowList.stream().mapToInt(Integer::intValue).toArray();
    this.deep = deepTrees.toArray(PathShap[]::new);
    this.base = expected;
  }

  @Override
  public Explanation explain(float[] row, int offset) {
    double[] phi = contributions(row, offset);
    double logOdds = base;
    for (int j = 0; j < width; j++) {
      logOdds += phi[j];
    }
    return new Explanation(logOdds, base, inputs.contributions(row, offset, phi));
  }

  /**
   * Each input's Shapley value, in the model's input order: XGBoost's {@code pred_contribs} without
   * its last column, the bias, which is {@link #base}.
   */
  public double[] contributions(float[] row, int offset) {
    double[] phi = new double[width];
    tables().addTo(phi, row, offset);
    for (PathShap tree : deep) {
      tree.addTo(phi, row, offset);
    }
    return phi;
  }

  private SubtreeShap tables() {
    SubtreeShap tables = shallow;
    if (tables == null) {
      synchronized (this) {
        tables = shallow;
        if (tables == null) {
          tables = new SubtreeShap(nodes, shallowRoots);
          shallow = tables;
        }
      }
    }
    return tables;
  }

  /** What every flight starts from: the base margin and each tree's expected value. */
  public double base() {
    return base;
  }
}
