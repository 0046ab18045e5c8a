package org.latamml.store;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcDataSource;
import org.latamml.features.BenchFlights;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Looking a flight up by id in a store of 68,206 flights (H2 in memory): from the in-memory index
 * the service keeps, and from the cache that a store too large for memory falls back to.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LookupBenchmark {
  private static final int FLIGHTS = 68_206;
  private JdbcFlightStore inMemory;
  private JdbcFlightStore cached;
  private long next;

  @Setup(Level.Trial)
  public void load() throws Exception {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1");
    org.flywaydb.core.Flyway.configure()
        .dataSource(h2)
        .locations("classpath:db/migration/h2")
        .load()
        .migrate();
    java.nio.file.Path csv = java.nio.file.Files.createTempFile("bench-flights", ".csv");
    Flight[] flights = BenchFlights.distinct(FLIGHTS);
    StringBuilder text =
        new StringBuilder(String.join(",", org.latamml.flight.RawFlightReader.HEADER)).append('\n');
    for (Flight f : flights) {
      String at = f.scheduledDeparture().toString().replace('T', ' ') + ":00";
      text.append(at)
          .append(',')
          .append(f.flightNumber())
          .append(",SCEL,SAEZ,LAN,")
          .append(at)
          .append(',')
          .append(f.flightNumber())
          .append(",SCEL,SAEZ,LAN,1,1,2017,Lunes,")
          .append(f.type().code())
          .append(',')
          .append(f.airline())
          .append(",Santiago,Buenos Aires\n");
    }
    java.nio.file.Files.writeString(csv, text);
    new FlightImporter(h2::getConnection).importFile(csv, true, rows -> {});
    java.nio.file.Files.delete(csv);
    inMemory =
        new JdbcFlightStore(
            h2,
            java.util.Optional.of(FLIGHTS),
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    inMemory.reload();
    cached =
        new JdbcFlightStore(
            h2,
            java.util.Optional.of(0),
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    cached.reload();
    for (long id = 1; id <= FLIGHTS; id++) {
      cached.find(id);
    }
  }

  private long nextId() {
    next = (next + 7_919) % FLIGHTS;
    return next + 1;
  }

  @Benchmark
  public Optional<StoredFlight> lookupInMemory() {
    return inMemory.find(nextId());
  }

  @Benchmark
  public Optional<StoredFlight> lookupThroughCache() {
    return cached.find(nextId());
  }
}
