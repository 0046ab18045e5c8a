package org.latamml.training;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.latamml.flight.Flight;

/** How training rows are kept apart from the rows a model is evaluated on. */
public sealed interface HoldOut {

  /** The held-out share of a random split. */
  double RANDOM_FRACTION = 0.33;

  /** The rows to train on and the rows to evaluate on, as positions in the data. */
  // Row positions in the tens of thousands: primitive arrays, made once and only read.
  @SuppressWarnings("ArrayRecordComponent")
  record Parts(int[] train, int[] test) {}

  /** Splits the data's rows. */
  Parts split(List<Flight> flights);

  /** How the card describes the split. */
  String describe();

  /** A random 33 %, the rows scikit-learn's {@code train_test_split} holds out with this seed. */
  record Random33(long seed) implements HoldOut {
    /** Checks the seed when the split is chosen, before any data is read. */
    public Random33 {
      NumpyPermutation.checkSeed(seed);
    }

    @Override
    public Parts split(List<Flight> flights) {
      return random(flights.size(), seed);
    }

    @Override
    public String describe() {
      return "random 33% held out, seed " + seed + " (scikit-learn's train_test_split)";
    }
  }

  /** The last three calendar months present in the data. */
  record LastThreeMonths() implements HoldOut {
    @Override
    public Parts split(List<Flight> flights) {
      TreeSet<YearMonth> months = new TreeSet<>();
      flights.forEach(f -> months.add(YearMonth.from(f.scheduledDeparture())));
      if (months.size() < 4) {
        throw new IllegalArgumentException(
            "a time split needs at least four months of data, found " + months.size());
      }
      YearMonth firstHeldOut = months.descendingSet().stream().skip(2).findFirst().orElseThrow();
      List<Integer> train = new ArrayList<>();
      List<Integer> test = new ArrayList<>();
      for (int i = 0; i < flights.size(); i++) {
        boolean late = !YearMonth.from(flights.get(i).scheduledDeparture()).isBefore(firstHeldOut);
        (late ? test : train).add(i);
      }
      return new Parts(toArray(train), toArray(test));
    }

    @Override
    public String describe() {
      return "time: last three months held out";
    }
  }

  /**
   * A random share of {@code size} rows, as scikit-learn's {@code train_test_split(test_size=0.33,
   * random_state=seed)} picks it: numpy's permutation, its first 33 % held out.
   */
  static Parts random(int size, long seed) {
    return firstHeldOut(NumpyPermutation.of(size, seed));
  }

  /**
   * The split cards written before 2026-12-02 record: Java's seeded shuffle, its first 33 % held
   * out. Kept so that {@code evaluate} still finds those models' training rows.
   */
  static Parts javaShuffled(int size, long seed) {
    List<Integer> order = new ArrayList<>(IntStream.range(0, size).boxed().toList());
    Collections.shuffle(order, new Random(seed));
    return firstHeldOut(order.stream().mapToInt(Integer::intValue).toArray());
  }

  private static Parts firstHeldOut(int[] order) {
    int held = (int) Math.ceil(order.length * RANDOM_FRACTION);
    int[] test = Arrays.copyOfRange(order, 0, held);
    int[] train = Arrays.copyOfRange(order, held, order.length);
    Arrays.sort(test);
    Arrays.sort(train);
    return new Parts(train, test);
  }

  private static int[] toArray(List<Integer> positions) {
    return positions.stream().mapToInt(Integer::intValue).toArray();
  }
}
