package org.latamml.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latamml.fixtures.FlightFixtures;

/** {@code ./latam import-flights}: exit codes and messages. */
class ImportFlightsTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void pointAtAFreshStore() {
    System.setProperty("quarkus.datasource.jdbc.url", StoreFixtures.h2().url());
  }

  @AfterEach
  void forgetTheStore() {
    System.clearProperty("quarkus.datasource.jdbc.url");
  }

  private int run(String... args) {
    return ImportFlights.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void importsAndThenReportsNothingChanged() throws Exception {
    Path csv = FlightFixtures.writeRaw(dir.resolve("f.csv"), FlightFixtures.syntheticYear(50, 1));

    assertThat(run(csv.toString())).isZero();
    assertThat(run(csv.toString())).isZero();

    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("imported 50 flights")
        .contains("nothing changed");
  }

  @Test
  void withoutATerminalProgressComesInWholeLines() throws Exception {
    Path csv =
        FlightFixtures.writeRaw(dir.resolve("f.csv"), FlightFixtures.syntheticYear(20_500, 3));

    assertThat(run(csv.toString())).isZero();

    assertThat(err.toString(StandardCharsets.UTF_8))
        .doesNotContain("\r")
        .isEqualToIgnoringNewLines("imported 10,000 flightsimported 20,000 flights");
  }

  @Test
  void missingFileIsOneLineAndExitTwo() {
    assertThat(run(dir.resolve("none.csv").toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8).strip().lines()).hasSize(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("none.csv: no such file");
  }

  @Test
  void noArgumentsPrintsUsageAndExitsTwo() {
    assertThat(run()).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("Usage: latam import-flights");
  }

  @Test
  void helpListsTheExitCodesAndOffersNoVersionItCannotPrint() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("Usage: latam import-flights [-h] [--replace] <flights.csv>")
        .contains("Exit codes:")
        .contains("2   bad arguments");
    assertThat(run("-V")).isEqualTo(2);
  }

  @Test
  void anUnknownOptionIsNamedWithUsageAndExitTwo() throws Exception {
    Path csv = FlightFixtures.writeRaw(dir.resolve("f.csv"), FlightFixtures.syntheticYear(5, 1));

    assertThat(run(csv.toString(), "--replcae")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("Unknown option: '--replcae'")
        .contains("Usage: latam import-flights");
  }

  @Test
  void anotherFilesFlightsNeedReplaceAndTheMessageSaysSo() throws Exception {
    Path first = FlightFixtures.writeRaw(dir.resolve("a.csv"), FlightFixtures.syntheticYear(5, 1));
    Path second = FlightFixtures.writeRaw(dir.resolve("b.csv"), FlightFixtures.syntheticYear(6, 2));
    assertThat(run(first.toString())).isZero();

    assertThat(run(second.toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("import with --replace");
    assertThat(run(second.toString(), "--replace")).isZero();
  }

  @Test
  void aFileWithItsHeaderAloneNeverEmptiesTheStore() throws Exception {
    Path full = FlightFixtures.writeRaw(dir.resolve("a.csv"), FlightFixtures.syntheticYear(5, 1));
    Path headerOnly =
        FlightFixtures.writeRaw(dir.resolve("b.csv"), FlightFixtures.syntheticYear(0, 2));
    // Into an empty store it empties nothing (FLIGHTS_CSV with no flights yet, say).
    assertThat(run(headerOnly.toString())).isZero();
    assertThat(run(full.toString(), "--replace")).isZero();

    assertThat(run(headerOnly.toString(), "--replace")).isEqualTo(2);

    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("holds no flights, only its header")
        .contains("the store is unchanged");
    out.reset();
    assertThat(run(full.toString())).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("nothing changed");
  }
}
