package org.latamml.drift;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How one input's values were spread over the flights a model learnt from: for a number, the edges
 * of its bins (a value {@code v} falls in the first bin whose edge is at least {@code v}, or in the
 * last, past every edge) and each bin's share; for a category, each value's share.
 *
 * @param input the input's name, as a model card names the flight field ({@code airline}, {@code
 *     hour}), or {@code score} for the model's probability
 * @param edges a number's bin edges, increasing; null for a category
 * @param shares a number's bin shares, one more than its edges; null for a category
 * @param categories a category's shares by value, largest first; null for a number
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InputBins(
    String input, List<Double> edges, List<Double> shares, Map<String, Double> categories) {

  /** Checks that it is either a number's bins or a category's shares, and that they add up. */
  public InputBins {
    Objects.requireNonNull(input, "input");
    if ((categories == null) == (edges == null || shares == null)) {
      throw new IllegalArgumentException(
          "input '" + input + "': give either edges and shares (a number) or categories");
    }
    if (categories != null) {
      categories = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(categories));
      checkSum(input, categories.values());
    } else {
      edges = List.copyOf(edges);
      shares = List.copyOf(shares);
      if (shares.size() != edges.size() + 1) {
        throw new IllegalArgumentException(
            "input '"
                + input
                + "': "
                + edges.size()
                + " edges need "
                + (edges.size() + 1)
                + " shares, got "
                + shares.size());
      }
      for (int i = 1; i < edges.size(); i++) {
        if (!(edges.get(i) > edges.get(i - 1))) {
          throw new IllegalArgumentException("input '" + input + "': edges must increase");
        }
      }
      checkSum(input, shares);
    }
  }

  private static void checkSum(String input, java.util.Collection<Double> shares) {
    double sum = 0;
    for (Double share : shares) {
      if (share == null || !(share >= 0 && share <= 1)) {
        throw new IllegalArgumentException(
            "input '" + input + "': a share must be between 0 and 1, got " + share);
      }
      sum += share;
    }
    if (Math.abs(sum - 1) > 1e-3) {
      throw new IllegalArgumentException(
          "input '" + input + "': its shares add up to " + sum + ", not 1");
    }
  }

  /** Whether it is a category's shares rather than a number's bins. */
  @JsonIgnore
  public boolean isCategory() {
    return categories != null;
  }

  /** The bin a number falls in: how many edges lie below it. */
  public int binOf(double value) {
    int low = 0;
    int high = edges.size();
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (edges.get(middle) < value) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }
}
