package org.latamml.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latamml.fixtures.FlightFixtures;
import org.latamml.flight.Flight;
import org.latamml.flight.FlightDataException;

/** The import, on each kind of store: see {@link H2StoreTest} and {@link PostgresStoreTest}. */
abstract class FlightImporterTest {
  @TempDir Path dir;
  StoreFixtures.Store url;
  FlightImporter importer;

  /** A fresh, migrated, empty store of the kind under test. */
  abstract StoreFixtures.Store newStore();

  /** A data source on the store under test, as the service would have. */
  abstract javax.sql.DataSource dataSource();

  @Test
  void aRunningServiceLoadsWhatAnotherProcessImported() throws Exception {
    JdbcFlightStore store =
        new JdbcFlightStore(
            dataSource(),
            java.util.Optional.of(10_000),
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    StoreStartup startup =
        new StoreStartup(
            store,
            new AirportBoard(store),
            null,
            java.util.Optional.empty(),
            java.time.Duration.ZERO,
            java.time.Duration.ZERO,
            null);
    store.reload();
    startup.reloadIfChanged();
    assertThat(store.find(1)).isEmpty();

    importer.importFile(file("f.csv", 20, 31), false, rows -> {});
    startup.reloadIfChanged();

    assertThat(store.source()).hasSize(64);
    assertThat(store.answersFromMemory()).isTrue();
    assertThat(store.find(20)).isPresent();
    assertThat(store.find(21)).isEmpty();
  }

  @BeforeEach
  void openStore() {
    url = newStore();
    importer = new FlightImporter(url::open);
  }

  Path file(String name, int flights, long seed) throws IOException {
    return FlightFixtures.writeRaw(dir.resolve(name), FlightFixtures.syntheticYear(flights, seed));
  }

  @Test
  void flightNIsTheFilesNthDataRow() throws Exception {
    List<Flight> flights = FlightFixtures.syntheticYear(25, 1);
    Path csv = FlightFixtures.writeRaw(dir.resolve("f.csv"), flights);

    ImportResult result = importer.importFile(csv, false, rows -> {});

    assertThat(result).isEqualTo(new ImportResult(25, true));
    assertThat(StoreFixtures.count(url, "flight")).isEqualTo(25);
    assertThat(StoreFixtures.flightNumber(url, 1)).isEqualTo(flights.get(0).flightNumber());
    assertThat(StoreFixtures.flightNumber(url, 25)).isEqualTo(flights.get(24).flightNumber());
  }

  @Test
  void theServiceHoldsEveryFlightOfAStoreLargerThanAPageInIdOrder() throws Exception {
    List<Flight> flights = FlightFixtures.syntheticYear(2 * JdbcFlightStore.PAGE_ROWS + 3, 5);
    importer.importFile(FlightFixtures.writeRaw(dir.resolve("f.csv"), flights), false, rows -> {});
    JdbcFlightStore store =
        new JdbcFlightStore(
            dataSource(),
            java.util.Optional.of(100_000),
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry());

    String source = store.reload();

    assertThat(source).isNotNull().isEqualTo(store.source());
    assertThat(store.answersFromMemory()).isTrue();
    assertThat(store.all()).extracting(StoredFlight::flight).containsExactlyElementsOf(flights);
    assertThat(store.all())
        .extracting(StoredFlight::id)
        .containsExactlyElementsOf(
            java.util.stream.LongStream.rangeClosed(1, flights.size()).boxed().toList());
  }

  @Test
  void importingTheSameFileAgainChangesNothing() throws Exception {
    Path csv = file("f.csv", 30, 2);
    importer.importFile(csv, false, rows -> {});

    ImportResult again = importer.importFile(csv, false, rows -> {});

    assertThat(again.changed()).isFalse();
    assertThat(StoreFixtures.count(url, "flight")).isEqualTo(30);
    assertThat(StoreFixtures.count(url, "flight_source")).isEqualTo(1);
  }

  @Test
  void aBadRowStopsTheImportWithItsLineAndTheStoreKeepsWhatItHad() throws Exception {
    importer.importFile(file("good.csv", 10, 3), false, rows -> {});
    Path bad = file("bad.csv", 20, 4);
    List<String> lines = new ArrayList<>(Files.readAllLines(bad));
    lines.set(15, lines.get(15).replaceFirst(",[IN],", ",Q,"));
    Files.write(bad, lines);

    assertThatThrownBy(() -> importer.importFile(bad, true, rows -> {}))
        .isInstanceOf(FlightDataException.class)
        .hasMessageContaining("line 16, column TIPOVUELO");
    assertThat(StoreFixtures.count(url, "flight")).isEqualTo(10);
  }

  @Test
  void anotherFilesFlightsAreReplacedOnlyWhenAsked() throws Exception {
    importer.importFile(file("a.csv", 10, 5), false, rows -> {});
    Path other = file("b.csv", 12, 6);

    assertThatThrownBy(() -> importer.importFile(other, false, rows -> {}))
        .isInstanceOf(ImportConflictException.class)
        .hasMessageContaining("another file");
    assertThat(StoreFixtures.count(url, "flight")).isEqualTo(10);

    assertThat(importer.importFile(other, true, rows -> {}).changed()).isTrue();
    assertThat(StoreFixtures.count(url, "flight")).isEqualTo(12);
  }

  @Test
  void aFailureWhileWritingRollsEverythingBack() throws Exception {
    importer.importFile(file("a.csv", 10, 7), false, rows -> {});
    FlightImporter failing = new FlightImporter(url::open);

    assertThatThrownBy(() ->
            failing.importFile(
                file("b.csv", 3_000, 8),
                true,
                rows -> {
                  if (rows >= 2_000) {
                    throw new IllegalStateException("disk full");
                  }
                }))
        .hasMessage("disk full");
    assertThat(StoreFixtures.count(url, "flight")).isEqualTo(10);
  }

  @Test
  void progressReachesEveryRow() throws IOException, SQLException {
    List<Long> seen = new ArrayList<>();

    importer.importFile(file("f.csv", 2_500, 9), false, seen::add);

    assertThat(seen).containsExactly(1_000L, 2_000L, 2_500L);
  }
}
