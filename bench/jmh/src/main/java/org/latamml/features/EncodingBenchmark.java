package org.latamml.features;

import java.util.concurrent.TimeUnit;
import org.latamml.flight.Flight;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Encoding one flight into its model inputs, into a reused vector. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EncodingBenchmark {
  private final FeatureEncoder onehot37 = new FeatureEncoder(FeatureSets.onehot37());
  private final Flight flight = BenchFlights.distinct(1)[0];
  private final float[] row = new float[37];

  @Benchmark
  public float[] encodeOnehot37() {
    onehot37.encode(flight, FlightContext.NONE, row, 0);
    return row;
  }
}
