package org.latamml.prediction;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.latamml.artifact.DelayModel;
import org.latamml.artifact.ModelDirectory;
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
 * Scoring as the service scores, with each shipped model: encode, then {@link ScoreCache#score}
 * (scores of inputs seen before come from the cache, as they do once the service is warm).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx256m"})
public class ScoreCacheBenchmark {
  /** The shipped model scored: the fallback one-hot model, and the rich boosted trees. */
  @Param({"1.1.0", "2.0.0"})
  public String version;

  private DelayModel model;
  private FeatureEncoder encoder;
  private ScoreCache cache;
  private Flight one;
  private Flight[] thousand;
  private float[] row;
  private int fresh;

  @Setup(Level.Trial)
  public void load() {
    Path home = Path.of(System.getProperty("latam.home", "."));
    model = DelayModel.load(new ModelDirectory(home.resolve("Models")).card(version));
    encoder = model.encoder();
    cache = new ScoreCache(8L << 20);
    thousand = BenchFlights.distinct(1_000);
    one = thousand[0];
    row = new float[encoder.width()];
  }

  @TearDown(Level.Trial)
  public void close() {
    model.close();
  }

  /** One flight, end to end: encode, then its score from the cache. */
  @Benchmark
  public double scoreOneFlight() {
    encoder.encode(one, FlightContext.NONE, row, 0);
    return cache.score(model, row, 1)[0];
  }

  /**
   * A row never seen, as most of predict-flight's rows on ten years (each flight its own context):
   * the cache's cost on a miss, beside {@link #scoreANewRowWithoutTheCache}. The row's last two
   * inputs hold a counter, so no two calls share a row.
   */
  @Benchmark
  public double scoreANewRow() {
    encoder.encode(one, FlightContext.NONE, row, 0);
    markNew();
    return cache.score(model, row, 1)[0];
  }

  /** The same new row scored by the model alone. */
  @Benchmark
  public double scoreANewRowWithoutTheCache() {
    encoder.encode(one, FlightContext.NONE, row, 0);
    markNew();
    return model.score(row, 1)[0];
  }

  private void markNew() {
    fresh++;
    row[row.length - 1] = fresh & 0xFFFF;
    row[row.length - 2] = fresh >>> 16;
  }

  /** A thousand flights, end to end: encode all, then their scores from the cache. */
  @Benchmark
  public double[] scoreThousandFlights() {
    int width = encoder.width();
    float[] batch = new float[thousand.length * width];
    for (int i = 0; i < thousand.length; i++) {
      encoder.encode(thousand[i], FlightContext.NONE, batch, i * width);
    }
    return cache.score(model, batch, thousand.length);
  }
}
