package org.latamml.drift;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The population stability index of a window's values of one input against its training spread: the
 * sum over bins of (observed − expected) · ln(observed / expected).
 *
 * <p>Two choices keep it honest on the few flights an airport gives a window. The observed shares
 * are shrunk towards the training ones, as if half a flight per bin had been seen spread as in
 * training, so that a bin left empty by chance does not count as a shift. And an index counts as
 * drift only when it is both above {@value #DRIFT} and above what chance alone gives on as many
 * flights 999 times in 1,000 (the index times the flights is about chi-squared with one degree of
 * freedom fewer than the bins). A value the model never saw, or a bin training left empty, is taken
 * to have had half a training flight's share.
 */
public final class PopulationStability {
  /** The index above which an input has drifted (a common rule: 0.1 a change, 0.2 a shift). */
  public static final double DRIFT = 0.2;

  /** The standard normal quantile of the 99.9th percentile: chance's level for the index. */
  private static final double Z_999 = 3.090232;

  /** The bin of a category's values the model never saw. */
  public static final String UNKNOWN = "(unknown)";

  /** The bin of the categories each under {@value #SMALL} of the training flights, together. */
  public static final String OTHERS = "(others)";

  /** Categories below this share of training flights are compared together. */
  static final double SMALL = 0.01;

  private PopulationStability() {}

  /** A number's values against its bins, learnt from {@code trainingFlights}. */
  public static InputDrift ofNumbers(InputBins bins, long trainingFlights, double[] values) {
    if (bins.isCategory()) {
      throw new IllegalArgumentException("input '" + bins.input() + "' is a category");
    }
    long[] counts = new long[bins.shares().size()];
    for (double value : values) {
      counts[bins.binOf(InputProfiler.asInput(value))]++;
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < counts.length; i++) {
      names.add(interval(bins.edges(), i));
    }
    return measure(
        bins.input(),
        names,
        bins.shares(),
        counts,
        values.length,
        List.of(),
        unseen(trainingFlights));
  }

  /**
   * A category's values against its shares, learnt from {@code trainingFlights}; values it never
   * saw are listed.
   */
  public static InputDrift ofCategories(InputBins bins, long trainingFlights, List<String> values) {
    if (!bins.isCategory()) {
      throw new IllegalArgumentException("input '" + bins.input() + "' is a number");
    }
    Map<String, Integer> binOf = new HashMap<>();
    List<String> names = new ArrayList<>();
    List<Double> expected = new ArrayList<>();
    long smallOnes = bins.categories().values().stream().filter(share -> share < SMALL).count();
    bins.categories()
        .forEach((value, share) -> {
          String name = share < SMALL && smallOnes > 1 ? OTHERS : value;
          Integer bin = names.indexOf(name);
          if (bin < 0) {
            bin = names.size();
            names.add(name);
            expected.add(0.0);
          }
          expected.set(bin, expected.get(bin) + share);
          binOf.put(value, bin);
        });
    long[] counts = new long[names.size() + 1];
    Map<String, Long> unknown = new LinkedHashMap<>();
    // A profile read from one-hot rows holds the values without a column as one: "(other)".
    Integer other = binOf.get(InputProfiler.OTHER);
    for (String value : values) {
      Integer bin = binOf.getOrDefault(value, other);
      if (bin == null) {
        unknown.merge(value, 1L, Long::sum);
        counts[names.size()]++;
      } else {
        counts[bin]++;
      }
    }
    names.add(UNKNOWN);
    expected.add(0.0);
    List<InputDrift.UnknownValue> listed =
        unknown.entrySet().stream()
            .sorted(InputProfiler.MOST_FIRST)
            .map(entry -> new InputDrift.UnknownValue(entry.getKey(), entry.getValue()))
            .toList();
    return measure(
        bins.input(), names, expected, counts, values.size(), listed, unseen(trainingFlights));
  }

  private static double unseen(long trainingFlights) {
    return 0.5 / Math.max(trainingFlights, 1);
  }

  private static InputDrift measure(
      String input,
      List<String> names,
      List<Double> expected,
      long[] counts,
      long flights,
      List<InputDrift.UnknownValue> unknown,
      double unseen) {
    if (flights == 0) {
      return InputDrift.notMeasured(input, 0, "no flights in the window");
    }
    int bins = 0;
    for (double share : expected) {
      bins += share > 0 ? 1 : 0;
    }
    double prior = bins / 2.0;
    double psi = 0;
    List<InputDrift.Bin> compared = new ArrayList<>();
    for (int i = 0; i < counts.length; i++) {
      double e = expected.get(i);
      if (e == 0 && counts[i] == 0) {
        continue;
      }
      double observed = (counts[i] + prior * e) / (flights + prior);
      double reference = e > 0 ? e : unseen;
      psi += (observed - reference) * Math.log(observed / reference);
      compared.add(new InputDrift.Bin(names.get(i), e, (double) counts[i] / flights));
    }
    double chance = byChance(bins - 1) / flights;
    boolean drifted = psi > DRIFT && psi > chance;
    return new InputDrift(input, flights, psi, chance, drifted, compared, unknown, null);
  }

  /**
   * The 99.9th percentile of chi-squared with {@code degrees} degrees of freedom, by Wilson and
   * Hilferty's cube-root approximation: 3 % above it at one degree, under 1 % from nine.
   */
  static double byChance(int degrees) {
    if (degrees <= 0) {
      return 0;
    }
    double spread = 2.0 / (9 * degrees);
    double root = 1 - spread + Z_999 * Math.sqrt(spread);
    return degrees * root * root * root;
  }

  /** A number bin as a reader reads it: {@code (-inf, 5]}, {@code (5, 7]}, {@code (7, inf)}. */
  static String interval(List<Double> edges, int bin) {
    String low = bin == 0 ? "(-inf" : "(" + number(edges.get(bin - 1));
    String high = bin == edges.size() ? "inf)" : number(edges.get(bin)) + "]";
    return low + ", " + high;
  }

  private static String number(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return new java.math.BigDecimal(value)
        .round(new java.math.MathContext(4))
        .stripTrailingZeros()
        .toPlainString();
  }
}
