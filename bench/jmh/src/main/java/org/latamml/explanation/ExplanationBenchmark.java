package org.latamml.explanation;

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
 * Explaining one flight: encode, then each input's share; with the linear 1.1.0 (weights times
 * values) and the boosted 2.0.0 (TreeSHAP over 1,500 trees).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx256m"})
public class ExplanationBenchmark {
  @Param({"1.1.0", "2.0.0"})
  public String version;

  private DelayModel model;
  private Explainer explainer;
  private FeatureEncoder encoder;
  private Flight[] flights;
  private FlightContext[] contexts;
  private float[] row;
  private int next;

  @Setup(Level.Trial)
  public void load() {
    Path home = Path.of(System.getProperty("latam.home", "."));
    model = DelayModel.load(new ModelDirectory(home.resolve("Models")).card(version));
    explainer = model.explainer().orElseThrow();
    encoder = model.encoder();
    flights = BenchFlights.distinct(1_000);
    contexts = new FlightContext[flights.length];
    for (int i = 0; i < contexts.length; i++) {
      // Airports as busy and as late as SCL's hours are, so that every branch of the trees is
      // taken.
      contexts[i] =
          new FlightContext(
              1 + i % 14,
              i % 25,
              (i % 11) / 10.0,
              (i % 41) - 10,
              (i % 7) / 6.0,
              (i % 5) / 4.0,
              2 + i % 30,
              (i % 13) / 12.0,
              (i % 37) - 8,
              (i % 17) / 16.0,
              (i % 19) / 18.0,
              (i % 23) / 22.0,
              (i % 29) / 28.0);
    }
    row = new float[encoder.width()];
  }

  @TearDown(Level.Trial)
  public void close() {
    model.close();
  }

  /** One flight explained, a different one each call. */
  @Benchmark
  public Explanation explainOneFlight() {
    int i = next++ % flights.length;
    encoder.encode(flights[i], contexts[i], row, 0);
    return explainer.explain(row, 0);
  }
}
