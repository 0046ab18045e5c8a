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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/** Explaining one flight with the served linear model (1.1.0): encode, then each input's share. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx256m"})
public class ExplanationBenchmark {
  private DelayModel model;
  private LinearExplainer explainer;
  private FeatureEncoder encoder;
  private Flight[] flights;
  private float[] row;
  private int next;

  @Setup(Level.Trial)
  public void load() {
    Path home = Path.of(System.getProperty("latam.home", "."));
    model = DelayModel.load(new ModelDirectory(home.resolve("Models")).card("1.1.0"));
    explainer = model.explainer().orElseThrow();
    encoder = model.encoder();
    flights = BenchFlights.distinct(1_000);
    row = new float[encoder.width()];
  }

  @TearDown(Level.Trial)
  public void close() {
    model.close();
  }

  /** One flight explained, a different one each call. */
  @Benchmark
  public Explanation explainOneFlight() {
    Flight flight = flights[next++ % flights.length];
    encoder.encode(flight, FlightContext.NONE, row, 0);
    return explainer.explain(row, 0);
  }
}
