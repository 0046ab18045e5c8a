package org.latamml.features;

import java.time.LocalDateTime;
import java.util.concurrent.TimeUnit;
import org.latamml.flight.Flight;
import org.latamml.flight.FlightType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A flight's context on a board of every departure: what the service computes for each flight it
 * scores with a model that reads the airport's last hours. A year of SCL's traffic (about 190
 * departures a day, 60 % of them one airline's, 60 destinations, 600 flight numbers), or ten; the
 * flights asked about spread over the whole board, as predict-flight's ids are.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ContextBenchmark {
  @Param({"1", "10"})
  int years;

  private Flight[] flights;
  private DepartureBoard board;
  private int next;

  @Setup
  public void build() {
    int perDay = 187;
    int days = 365 * years;
    flights = new Flight[perDay * days];
    var airlines = FeatureSets.ONEHOT37_AIRLINES;
    LocalDateTime first = LocalDateTime.of(2017, 1, 1, 0, 0);
    int i = 0;
    for (int day = 0; day < days; day++) {
      for (int k = 0; k < perDay; k++, i++) {
        LocalDateTime scheduled = first.plusDays(day).plusMinutes(k * 7L);
        int number = (k * 31 + day % 7) % 600;
        // A delay from 0 to 44 minutes that is the same every run: a third leave late.
        long late = ((i * 2654435761L) >>> 7) % 45;
        flights[i] =
            new Flight(
                scheduled,
                Integer.toString(100 + number),
                "D" + number % 60,
                "A" + number % 23,
                // As at SCL, one airline flies most of them (Grupo LATAM: 60 %).
                number % 10 < 6 ? "Grupo LATAM" : airlines.get(number % airlines.size()),
                number % 2 == 0 ? FlightType.INTERNATIONAL : FlightType.NATIONAL,
                "City",
                scheduled.plusMinutes(late));
      }
    }
    board = DepartureBoard.of(java.util.List.of(flights));
  }

  @Benchmark
  public FlightContext contextOfAFlight() {
    next = (next + 7919) % flights.length;
    return board.contextOf(flights[next]);
  }
}
