package org.latamml.artifact;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.latamml.features.BenchFlights;
import org.latamml.features.FeatureEncoder;
import org.latamml.features.FlightContext;
import org.latamml.flight.Flight;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scoring with each shipped model (1.1.0, the fallback; 2.0.0, served by version.txt): encode, then
 * {@link DelayModel#score} (2.0.0's trees and 1.1.0's weights in Java), beside the graph's own call
 * through ONNX Runtime. The service answers repeated inputs from its score cache first.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx256m"})
public class ScoringBenchmark {
  /** The shipped model scored: the fallback one-hot model, and the rich boosted trees. */
  @Param({"1.1.0", "2.0.0"})
  public String version;

  private DelayModel model;
  private FeatureEncoder encoder;
  private Flight one;
  private Flight[] thousand;
  private float[] row;
  private float[] rows;
  private float[] variedRows;
  private int nextRow;

  @Setup(Level.Trial)
  public void load() {
    Path home = Path.of(System.getProperty("latam.home", "."));
    model = DelayModel.load(new ModelDirectory(home.resolve("Models")).card(version));
    encoder = model.encoder();
    thousand = BenchFlights.distinct(1_000);
    one = thousand[0];
    row = new float[encoder.width()];
    rows = new float[thousand.length * encoder.width()];
    for (int i = 0; i < thousand.length; i++) {
      encoder.encode(thousand[i], FlightContext.NONE, rows, i * encoder.width());
    }
    variedRows = new float[thousand.length * encoder.width()];
    java.util.SplittableRandom random = new java.util.SplittableRandom(1);
    for (int i = 0; i < thousand.length; i++) {
      encoder.encode(thousand[i], someContext(random), variedRows, i * encoder.width());
    }
  }

  /** A context of plausible figures: a few dozen flights, rates anywhere, delays up to an hour. */
  private static FlightContext someContext(java.util.SplittableRandom random) {
    return new FlightContext(
        random.nextInt(1, 20),
        random.nextInt(0, 30),
        random.nextDouble(),
        random.nextDouble(-10, 60),
        random.nextDouble(),
        random.nextDouble(),
        random.nextInt(1, 40),
        random.nextDouble(),
        random.nextDouble(-10, 60),
        random.nextDouble(),
        random.nextDouble(),
        random.nextDouble(),
        random.nextDouble());
  }

  @TearDown(Level.Trial)
  public void close() {
    model.close();
  }

  /** One flight, end to end: encode and score. */
  @Benchmark
  public double scoreOneFlight() {
    encoder.encode(one, FlightContext.NONE, row, 0);
    return model.score(row, 1)[0];
  }

  /** A thousand flights, end to end: encode all, score in one call. */
  @Benchmark
  public double[] scoreThousandFlights() {
    int width = encoder.width();
    float[] batch = new float[thousand.length * width];
    for (int i = 0; i < thousand.length; i++) {
      encoder.encode(thousand[i], FlightContext.NONE, batch, i * width);
    }
    return model.score(batch, thousand.length);
  }

  /** One row already encoded: the ONNX Runtime call alone. */
  @Benchmark
  public double[] onnxRuntimeOneRow() {
    return model.scoreByGraph(row, 1);
  }

  /** A thousand rows already encoded: one ONNX Runtime call for 1,000 rows. */
  @Benchmark
  public double[] onnxRuntimeThousandRows() {
    return model.scoreByGraph(rows, thousand.length);
  }

  /**
   * One row already encoded, as the service scores it: 2.0.0's trees and 1.1.0's weights in Java
   * ({@link DelayModel#scoredBy}).
   */
  @Benchmark
  public double[] scoreOneRow() {
    return model.score(row, 1);
  }

  /** A thousand rows already encoded, as the service scores them. */
  @Benchmark
  public double[] scoreThousandRows() {
    return model.score(rows, thousand.length);
  }

  /**
   * One row at a time, each of a thousand flights in turn with its own context, as the service
   * scores flights it has not seen: the trees' ways vary from row to row as they do there, where
   * {@link #scoreOneRow} scores one row again and again and lets the processor learn its ways.
   */
  @Benchmark
  public double[] scoreEachOfAThousandRows() {
    int width = encoder.width();
    System.arraycopy(variedRows, nextRow * width, row, 0, width);
    nextRow = (nextRow + 1) % thousand.length;
    return model.score(row, 1);
  }
}
