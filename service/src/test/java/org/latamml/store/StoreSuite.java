package org.latamml.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latamml.board.LiveBoard;
import org.latamml.features.DepartureBoard;
import org.latamml.features.FlightContext;
import org.latamml.fixtures.FlightFixtures;
import org.latamml.flight.Flight;
import org.latamml.flight.FlightDataException;

/**
 * The store on each kind of database (see {@link H2StoreTest} and {@link PostgresStoreTest}): files
 * imported, events written, and several service instances following one store.
 */
abstract class StoreSuite {
  @TempDir Path dir;
  StoreFixtures.Store url;
  FlightImporter importer;

  /** A fresh, migrated, empty store of the kind under test. */
  abstract StoreFixtures.Store newStore();

  /** A fresh store of the kind under test, migrated up to {@code version} only. */
  abstract StoreFixtures.Store storeUpTo(String version);

  /** A data source on the store under test, as the service would have. */
  abstract javax.sql.DataSource dataSource();

  @Test
  void airlineCodesStoredInAnotherCaseTakeTheUpperCaseUnlessTheirKeyIsTaken() throws Exception {
    StoreFixtures.Store old = storeUpTo("10");
    LocalDateTime at = LocalDateTime.of(2030, 1, 5, 9, 0);
    try (Connection c = old.open();
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO flight (id, scheduled_departure, flight_number, destination,"
                    + " airline_code, airline, flight_type, destination_city)"
                    + " VALUES (?, ?, ?, 'SAEZ', ?, 'Grupo LATAM', 'I', 'Buenos Aires')")) {
      Object[][] rows = {{1L, "100", "lan"}, {2L, "200", "LAN"}, {3L, "200", "lan"}};
      for (Object[] row : rows) {
        insert.setLong(1, (Long) row[0]);
        insert.setObject(2, at);
        insert.setString(3, (String) row[1]);
        insert.setString(4, (String) row[2]);
        insert.executeUpdate();
      }
    }

    StoreFixtures.migrateToLatest(old);

    Map<Long, String> codes = new java.util.TreeMap<>();
    try (Connection c = old.open();
        var rows = c.createStatement().executeQuery("SELECT id, airline_code FROM flight")) {
      while (rows.next()) {
        codes.put(rows.getLong(1), rows.getString(2));
      }
    }
    // Flight 3 would have become flight 2's twin: it keeps its code, for someone to look at.
    assertThat(codes).containsExactly(entry(1L, "LAN"), entry(2L, "LAN"), entry(3L, "lan"));
  }

  @Test
  void aRunningServiceLoadsWhatAnotherProcessImported() throws Exception {
    Loading loading = new Loading();
    loading.startup.reloadIfChanged();
    assertThat(loading.store.find(1)).isEmpty();

    importer.importFile(file("f.csv", 20, 31), false, rows -> {});
    loading.startup.reloadIfChanged();

    assertThat(loading.store.source()).hasSize(64);
    assertThat(loading.store.answersFromMemory()).isTrue();
    assertThat(loading.store.find(20)).isPresent();
    assertThat(loading.store.find(21)).isEmpty();
  }

  @Test
  void aFlightHeldInMemoryExistsExactlyWhenItIsFound() throws Exception {
    importer.importFile(file("f.csv", 20, 31), false, rows -> {});
    Loading loading = new Loading();
    loading.startup.reloadIfChanged();
    assertThat(loading.store.answersFromMemory()).isTrue();

    // Answered by the flights' stamps, without making them: ids below the first, held, past the
    // last.
    assertThat(java.util.stream.LongStream.rangeClosed(-1, 22).filter(loading.store::exists))
        .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 20).boxed().toList());
  }

  /** A running service's store and its start, loading what the store holds when told to. */
  private final class Loading {
    final JdbcFlightStore store =
        new JdbcFlightStore(
            dataSource(),
            java.util.Optional.of(10_000),
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    final StoreStartup startup =
        new StoreStartup(
            store,
            new ChangeFeed(store, changed -> {}),
            null,
            java.util.Optional.empty(),
            java.time.Duration.ZERO,
            java.time.Duration.ZERO,
            null);
  }

  @BeforeEach
  void openStore() {
    url = newStore();
    importer = new FlightImporter(url::open);
  }

  /** A synthetic year of {@code count} flights, imported from a file. */
  List<Flight> importedYear(int count, long seed) throws Exception {
    List<Flight> year = FlightFixtures.syntheticYear(count, seed);
    importer.importFile(FlightFixtures.writeRaw(dir.resolve("y.csv"), year), false, rows -> {});
    return year;
  }

  /** A store of {@code flights} as a file imports them, holding up to {@code memoryFlights}. */
  JdbcFlightStore imported(List<Flight> flights, int memoryFlights) throws Exception {
    importer.importFile(FlightFixtures.writeRaw(dir.resolve("f.csv"), flights), false, rows -> {});
    return new JdbcFlightStore(
        dataSource(),
        java.util.Optional.of(memoryFlights),
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
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
    JdbcFlightStore store = imported(flights, 100_000);

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
  void theLatestDepartureIsTheLastOneBeforeTheBound() throws Exception {
    List<Flight> flights = FlightFixtures.syntheticYear(3_000, 41);
    JdbcFlightStore store = imported(flights, 0);
    List<LocalDateTime> departures =
        flights.stream()
            .map(Flight::actualDeparture)
            .filter(java.util.Objects::nonNull)
            .sorted()
            .toList();
    LocalDateTime middle = departures.get(departures.size() / 2);
    LocalDateTime justBefore =
        departures.stream().filter(at -> at.isBefore(middle)).reduce((a, b) -> b).orElseThrow();

    assertThat(store.latestDepartureUpTo(middle)).contains(justBefore);
    assertThat(store.latestDepartureUpTo(middle.plusNanos(1000))).contains(middle);
    assertThat(store.latestDepartureUpTo(departures.get(0))).isEmpty();
    assertThat(store.latestDepartureUpTo(LocalDateTime.of(2100, 1, 1, 0, 0)))
        .contains(departures.get(departures.size() - 1));
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
  void aFileOfAnotherLayoutIsSaidToBeOneBeforeTheStoreIsSaidToHoldAnotherFile() throws Exception {
    importer.importFile(file("a.csv", 10, 5), false, rows -> {});
    Path onehot =
        Files.writeString(dir.resolve("x_test.csv"), "OPERA_Latin American Wings,MES_7\n0,1\n");

    assertThatThrownBy(() -> importer.importFile(onehot, false, rows -> {}))
        .isInstanceOf(FlightDataException.class)
        .hasMessageContaining("expected the raw header");
    assertThat(StoreFixtures.count(url, "flight")).isEqualTo(10);
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

  /** One service instance's view of the shared store, as each instance builds it at start. */
  private final class Instance {
    final io.micrometer.core.instrument.MeterRegistry metrics =
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    final JdbcFlightStore store;
    final LiveBoard board;
    final ChangeFeed feed;
    final FlightWriter writer;

    /** An instance whose board of every stored flight is built at once whenever it must be. */
    Instance() {
      this(100_000, null, java.time.Duration.ZERO);
    }

    /**
     * An instance holding up to {@code memoryFlights} flights in memory, whose board of every
     * stored flight is built by {@code builder} (null: at once).
     */
    Instance(
        int memoryFlights,
        java.util.concurrent.ScheduledExecutorService builder,
        java.time.Duration quiet) {
      this(dataSource(), memoryFlights, builder, quiet);
    }

    /** As above, its store reading through {@code source}. */
    Instance(
        javax.sql.DataSource source,
        int memoryFlights,
        java.util.concurrent.ScheduledExecutorService builder,
        java.time.Duration quiet) {
      this.store = new JdbcFlightStore(source, java.util.Optional.of(memoryFlights), metrics);
      this.board = new LiveBoard(store, 1, 1, 16, java.time.ZoneOffset.UTC, builder, quiet);
      this.feed = new ChangeFeed(store, board::apply);
      this.writer = new FlightWriter(dataSource(), feed);
      feed.load();
    }

    /** Days read from the store for the board since start. */
    long daysRead() {
      var timer = metrics.find("latam.store.query").tag("op", "scheduled").timer();
      return timer == null ? 0 : timer.count();
    }
  }

  private static final LocalDate DAY = LocalDate.of(2030, 3, 1);

  private static List<Flight> scheduleOf(List<Flight> flights) {
    return flights.stream().map(f -> f.withActualDeparture(null)).toList();
  }

  private static List<DepartureEvent> departuresOf(List<Flight> flights) {
    return flights.stream()
        .map(f -> new DepartureEvent(null, FlightKey.of(f), f.actualDeparture(), null))
        .toList();
  }

  @Test
  void aDepartureWrittenThroughOneInstanceReachesAnothersBoardWithinSeconds() throws Exception {
    Instance a = new Instance();
    Instance b = new Instance();
    List<Flight> day = FlightFixtures.syntheticDay(DAY, 60, 3);
    a.writer.writeSchedule(scheduleOf(day), null);
    Flight evening = day.get(50);
    b.feed.follow();
    FlightContext quiet = b.board.contextOf(evening, null);
    assertThat(quiet.departedBefore()).isZero();

    var following = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
    try {
      // As the service follows the store: every latam.store.refresh, 1 s.
      var unused =
          following.scheduleWithFixedDelay(
              b.feed::follow, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
      long sent = System.nanoTime();
      a.writer.writeDepartures(departuresOf(day.subList(0, 50)), "departures", null);
      FlightContext seen = quiet;
      while (seen.equals(quiet) && System.nanoTime() - sent < 10_000_000_000L) {
        Thread.sleep(20);
        seen = b.board.contextOf(evening, null);
      }
      double seconds = (System.nanoTime() - sent) / 1e9;

      assertThat(seconds).isLessThan(5);
      assertThat(seen).isEqualTo(a.board.contextOf(evening, null));
      List<Flight> known = new ArrayList<>(day.subList(0, 50));
      known.addAll(scheduleOf(day.subList(50, 60)));
      assertThat(seen).isEqualTo(DepartureBoard.of(known).contextOf(evening));
      assertThat(b.store.find(1))
          .map(f -> f.flight().actualDeparture())
          .contains(day.get(0).actualDeparture());
    } finally {
      following.shutdownNow();
    }
  }

  @Test
  void writersOnTwoInstancesAtOnceLoseNothingAndLeaveNoGapInIds() throws Exception {
    Instance a = new Instance();
    Instance b = new Instance();
    List<Flight> flights = FlightFixtures.syntheticDay(DAY, 150, 4);
    var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      List<java.util.concurrent.Future<?>> writes = new ArrayList<>();
      for (int batch = 0; batch < 15; batch++) {
        Instance through = batch % 2 == 0 ? a : b;
        List<Flight> part = scheduleOf(flights.subList(batch * 10, batch * 10 + 10));
        writes.add(pool.submit(() -> through.writer.writeSchedule(part, null)));
      }
      for (var write : writes) {
        write.get();
      }
    } finally {
      pool.shutdown();
    }
    a.feed.follow();
    b.feed.follow();

    for (Instance instance : List.of(a, b)) {
      assertThat(java.util.stream.LongStream.rangeClosed(1, 150).mapToObj(instance.store::find))
          .allMatch(java.util.Optional::isPresent);
      assertThat(instance.store.find(151)).isEmpty();
      // Flights put in by events, kept whole beside the columns, exist as well.
      assertThat(instance.store.answersFromMemory()).isTrue();
      assertThat(java.util.stream.LongStream.rangeClosed(1, 150)).allMatch(instance.store::exists);
      assertThat(instance.store.exists(151)).isFalse();
      assertThat(instance.board.scheduled(DAY.atStartOfDay(), DAY.plusDays(1).atStartOfDay()))
          .hasSize(150);
    }
  }

  @Test
  void flightsInMemoryAnswerForTheChangesTheyHaveAppliedAndNoLater() throws Exception {
    Instance a = new Instance();
    Instance b = new Instance();
    Instance small = new Instance(10, null, java.time.Duration.ZERO);
    List<Flight> day = FlightFixtures.syntheticDay(DAY, 20, 6);
    a.writer.writeSchedule(scheduleOf(day), null);
    b.feed.follow();
    small.feed.follow();
    long scheduled = b.store.clock().changeSeq();

    a.writer.writeDepartures(departuresOf(day.subList(0, 5)), "departures", null);
    long departed = b.store.clock().changeSeq();

    assertThat(b.feed.holdsChangesUpTo(scheduled)).isTrue();
    assertThat(b.feed.holdsChangesUpTo(departed)).isFalse();
    b.feed.follow();
    assertThat(b.feed.holdsChangesUpTo(departed)).isTrue();
    // Twenty flights do not fit in ten: they are read from the store, never from memory.
    assertThat(small.feed.holdsChangesUpTo(scheduled)).isFalse();
  }

  @Test
  void aFlightNotHeldInMemoryIsNeverReadFromTheStoreOnAnEventLoop() throws Exception {
    Instance small = new Instance(10, null, java.time.Duration.ZERO);
    small.writer.writeSchedule(scheduleOf(FlightFixtures.syntheticDay(DAY, 20, 6)), null);
    small.feed.follow();
    assertThat(small.store.heldCount()).as("twenty flights are not held in ten").isEqualTo(-1);
    long id = 7;
    io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    try {
      assertThat(onEventLoop(vertx, () -> small.store.find(id)))
          .isInstanceOf(org.latamml.app.WouldBlock.class);
      assertThat(onEventLoop(vertx, () -> small.store.exists(id)))
          .isInstanceOf(org.latamml.app.WouldBlock.class);
      // Read on a thread that may wait, it is known on the event loop too, without the store.
      assertThat(small.store.find(id)).isPresent();
      assertThat(onEventLoop(vertx, () -> small.store.find(id).orElseThrow().id())).isEqualTo(id);
      assertThat(small.store.exists(id)).isTrue();
      assertThat(small.store.exists(21)).isFalse();
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get();
    }
  }

  /** What {@code work} returns, or the exception it throws, run on one of Vert.x's event loops. */
  private static Object onEventLoop(
      io.vertx.core.Vertx vertx, java.util.function.Supplier<Object> work) throws Exception {
    java.util.concurrent.CompletableFuture<Object> done =
        new java.util.concurrent.CompletableFuture<>();
    vertx.runOnContext(nothing -> {
      try {
        done.complete(work.get());
      } catch (RuntimeException e) {
        done.complete(e);
      }
    });
    return done.get(10, java.util.concurrent.TimeUnit.SECONDS);
  }

  @Test
  void flightsSentAsEventsAreFoldedIntoColumnsBeforeTheyFillTheHeap() throws Exception {
    // 64 flights in memory at most: past 64 / 16 = 4 flights put whole, they are folded.
    Instance a = new Instance(64, null, java.time.Duration.ZERO);
    List<Flight> day = FlightFixtures.syntheticDay(DAY, 30, 8);
    for (int batch = 0; batch < 3; batch++) {
      a.writer.writeSchedule(scheduleOf(day.subList(batch * 10, batch * 10 + 10)), null);
    }

    assertThat(a.store.answersFromMemory()).isTrue();
    for (int id = 1; id <= 30; id++) {
      assertThat(a.store.find(id))
          .map(StoredFlight::flight)
          .contains(day.get(id - 1).withActualDeparture(null));
    }
    // Held in columns: one stamp for the page, where a flight kept whole is its own.
    assertThat(a.store.stamp(1)).isSameAs(a.store.stamp(30));
  }

  @Test
  void aBatchNamingAnUnknownFlightWritesNothingOfIt() throws Exception {
    Instance a = new Instance();
    List<Flight> day = FlightFixtures.syntheticDay(DAY, 3, 5);
    a.writer.writeSchedule(scheduleOf(day.subList(0, 2)), null);
    long change = a.store.clock().changeSeq();

    assertThatThrownBy(() -> a.writer.writeDepartures(departuresOf(day), "departures", null))
        .isInstanceOf(org.latamml.problem.InvalidInputProblem.class)
        .hasMessageContaining("departures[2]");

    assertThat(a.store.clock().changeSeq()).isEqualTo(change);
    assertThat(StoreFixtures.count(url, "flight")).isEqualTo(2);
    assertThat(a.store.all()).allMatch(f -> f.flight().actualDeparture() == null);
  }

  @Test
  void aMessageDeliveredTwiceIsWrittenOnce() throws Exception {
    Instance a = new Instance();
    List<Flight> day = scheduleOf(FlightFixtures.syntheticDay(DAY, 2, 6));

    assertThat(a.writer.writeSchedule(day, "message-1").duplicate()).isFalse();
    assertThat(a.writer.writeSchedule(day.subList(0, 1), "message-1").duplicate()).isTrue();
    assertThat(a.writer.writeSchedule(day, "message-2").flights())
        .extracting(StoredFlight::id)
        .containsExactly(1L, 2L);
    assertThat(StoreFixtures.count(url, "flight")).isEqualTo(2);
  }

  @Test
  void anImportDoesNotSilentlyReplaceFlightsSentAsEvents() throws Exception {
    Instance a = new Instance();
    a.writer.writeSchedule(scheduleOf(FlightFixtures.syntheticDay(DAY, 2, 7)), null);

    assertThatThrownBy(() -> importer.importFile(file("f.csv", 10, 8), false, rows -> {}))
        .isInstanceOf(ImportConflictException.class)
        .hasMessageContaining("sent as events");
    importer.importFile(file("f.csv", 10, 8), true, rows -> {});
    // Flights sent after an import take the ids after its last.
    assertThat(
            a.writer
                .writeSchedule(scheduleOf(FlightFixtures.syntheticDay(DAY, 1, 9)), null)
                .flights())
        .extracting(StoredFlight::id)
        .containsExactly(11L);
  }

  @Test
  void changesByTwoInstancesToOneFlightEndAsTheStoreHasIt() throws Exception {
    Instance a = new Instance();
    Instance b = new Instance();
    Flight flight = scheduleOf(FlightFixtures.syntheticDay(DAY, 1, 10)).get(0);
    a.writer.writeSchedule(List.of(flight), null);
    b.feed.follow();
    b.writer.writeDepartures(
        List.of(
            new DepartureEvent(
                null, FlightKey.of(flight), flight.scheduledDeparture().plusMinutes(30), null)),
        "departures",
        null);
    Flight rerouted =
        new Flight(
            flight.scheduledDeparture(),
            flight.flightNumber(),
            "SCFA",
            flight.airlineCode(),
            flight.airline(),
            flight.type(),
            flight.destinationCity(),
            null);
    a.writer.writeSchedule(List.of(rerouted), null);

    a.feed.follow();
    b.feed.follow();

    for (Instance instance : List.of(a, b)) {
      Flight held = instance.store.find(1).orElseThrow().flight();
      assertThat(held.destination()).isEqualTo("SCFA");
      assertThat(held.actualDeparture()).isEqualTo(flight.scheduledDeparture().plusMinutes(30));
    }
  }

  @Test
  void writesAppliedInTheOtherOrderEndAsTheStoreHasThem() throws Exception {
    Instance a = new Instance();
    Flight flight = scheduleOf(FlightFixtures.syntheticDay(DAY, 1, 11)).get(0);
    List<StoredFlight> first = a.writer.writeSchedule(List.of(flight), null).flights();
    Flight rerouted =
        new Flight(
            flight.scheduledDeparture(),
            flight.flightNumber(),
            "SCFA",
            flight.airlineCode(),
            flight.airline(),
            flight.type(),
            flight.destinationCity(),
            null);
    a.writer.writeSchedule(List.of(rerouted), null);
    long change = a.store.clock().changeSeq();

    // The first batch's request is the slower: its flights reach the feed after the second's.
    a.feed.applyWritten(first, change - 1);

    assertThat(a.store.find(1).orElseThrow().flight().destination()).isEqualTo("SCFA");
    a.feed.follow();
    assertThat(a.store.find(1).orElseThrow().flight().destination()).isEqualTo("SCFA");
  }

  @Test
  void daysReadFromTheStoreGiveEachFlightTheContextTheWholeFileGives() throws Exception {
    List<Flight> year = FlightFixtures.syntheticYear(3_000, 12);
    importer.importFile(FlightFixtures.writeRaw(dir.resolve("year.csv"), year), false, rows -> {});
    // Too many flights to hold in memory: no board of every stored flight.
    Instance a = new Instance(1_000, null, java.time.Duration.ZERO);
    DepartureBoard whole = DepartureBoard.of(year);

    // The days around the year's last departure are held from the start; the others are read
    // from the store as they are asked for, and 16 kept.
    LocalDate last =
        year.stream()
            .map(Flight::actualDeparture)
            .max(LocalDateTime::compareTo)
            .orElseThrow()
            .toLocalDate();
    assertThat(a.board.liveDays())
        .containsExactlyInAnyOrder(last.minusDays(1), last, last.plusDays(1));
    for (Flight flight : year) {
      assertThat(a.board.contextOf(flight, null)).isEqualTo(whole.contextOf(flight));
      assertThat(a.board.covers(flight, null)).isEqualTo(whole.covers(flight));
    }
    assertThat(a.board.readsEveryStoredFlight(year.get(0).scheduledDeparture().toLocalDate()))
        .isFalse();
    assertThat(a.daysRead()).isGreaterThan(300);
  }

  @Test
  void aDepartureOfLastWeekReportedLateEntersTheRecordsOnlyOnceReported() throws Exception {
    // Too few flights held in memory: every day is read from the store, its weeks before included.
    Instance a = new Instance(10, null, java.time.Duration.ZERO);
    List<Flight> flights = new ArrayList<>();
    for (int d = 8; d >= 0; d--) {
      flights.addAll(FlightFixtures.syntheticDay(DAY.minusDays(d), 150, 70 + d));
    }
    // A flight of five days before whose departure, an hour late, is reported at 10:00 on DAY.
    int reportedLate =
        flights.indexOf(
            flights.stream()
                .filter(f -> f.scheduledDeparture().toLocalDate().equals(DAY.minusDays(5)))
                .findFirst()
                .orElseThrow());
    Flight late =
        flights
            .get(reportedLate)
            .withActualDeparture(flights.get(reportedLate).scheduledDeparture().plusMinutes(60));
    flights.set(reportedLate, late);
    List<Flight> others = new ArrayList<>(flights);
    others.remove(reportedLate);
    a.writer.writeSchedule(scheduleOf(flights), null);
    a.writer.writeDepartures(departuresOf(others), "departures", null);
    LocalDateTime report = DAY.atTime(10, 0);
    a.writer.writeDepartures(
        List.of(new DepartureEvent(null, FlightKey.of(late), late.actualDeparture(), report)),
        "late",
        null);
    Flight subject =
        flights.stream()
            .filter(f -> f.scheduledDeparture().isAfter(DAY.atTime(14, 0)))
            .findFirst()
            .orElseThrow();
    List<Flight> beforeReport = new ArrayList<>(flights);
    beforeReport.set(reportedLate, late.withActualDeparture(null));
    LocalDateTime nine = DAY.atTime(9, 0);
    LocalDateTime eleven = DAY.atTime(11, 0);

    FlightContext atNine = a.board.contextOf(subject, nine);
    FlightContext atEleven = a.board.contextOf(subject, eleven);

    assertThat(atNine).isEqualTo(DepartureBoard.of(beforeReport).contextOf(subject, nine));
    assertThat(atEleven).isEqualTo(DepartureBoard.of(flights).contextOf(subject, eleven));
    // The report is what changed between the two: without it, eleven would count less delay.
    assertThat(atEleven.delayRateWeek())
        .isGreaterThan(DepartureBoard.of(beforeReport).contextOf(subject, eleven).delayRateWeek());
  }

  @Test
  void messageIdsOlderThanPubSubKeepsMessagesAreForgotten() throws Exception {
    Instance a = new Instance();
    List<Flight> day = scheduleOf(FlightFixtures.syntheticDay(DAY, 1, 13));
    a.writer.writeSchedule(day, "message-1");
    MessageRetention retention = new MessageRetention(dataSource(), null);

    assertThat(retention.forgetBefore(java.time.Instant.now().minus(MessageRetention.KEPT)))
        .isZero();
    assertThat(a.writer.writeSchedule(day, "message-1").duplicate()).isTrue();
    assertThat(retention.forgetBefore(java.time.Instant.now().plusSeconds(60))).isEqualTo(1);
    assertThat(a.writer.writeSchedule(day, "message-1").duplicate()).isFalse();
  }

  @Test
  void anOldDayIsAnsweredFromTheBoardOfEveryStoredFlightAsTrainingReadsIt() throws Exception {
    List<Flight> year = FlightFixtures.syntheticYear(3_000, 41);
    importer.importFile(FlightFixtures.writeRaw(dir.resolve("y.csv"), year), false, rows -> {});
    Instance a = new Instance();
    long readAtStart = a.daysRead();
    DepartureBoard training = DepartureBoard.of(year);

    for (int i = 0; i < year.size(); i += 37) {
      Flight flight = year.get(i);
      assertThat(a.board.readsEveryStoredFlight(flight.scheduledDeparture().toLocalDate()))
          .isEqualTo(!a.board.liveDays().contains(flight.scheduledDeparture().toLocalDate()));
      assertThat(a.board.contextOf(flight, null))
          .as("flight %d", i)
          .isEqualTo(training.contextOf(flight));
      assertThat(a.board.covers(flight, null)).isEqualTo(training.covers(flight));
    }
    assertThat(a.daysRead()).isEqualTo(readAtStart);
  }

  @Test
  void aChangedOldDayIsReadAtOnceUntilTheNextBuildTakesTheChangeIn() throws Exception {
    List<Flight> year = FlightFixtures.syntheticYear(3_000, 42);
    importer.importFile(FlightFixtures.writeRaw(dir.resolve("y.csv"), year), false, rows -> {});
    var builder = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
    try {
      Instance a = new Instance(100_000, builder, java.time.Duration.ofSeconds(1));
      int mid = year.size() / 2;
      Flight subject = year.get(mid);
      awaitBuilt(a, subject);

      // A departure two hours before the subject, corrected to two hours late.
      int earlier = mid;
      while (!year.get(earlier)
          .scheduledDeparture()
          .isBefore(subject.scheduledDeparture().minusMinutes(150))) {
        earlier--;
      }
      Flight corrected =
          year.get(earlier).withActualDeparture(subject.scheduledDeparture().minusMinutes(90));
      a.writer.writeDepartures(departuresOf(List.of(corrected)), "departures", null);
      List<Flight> now = new ArrayList<>(year);
      now.set(earlier, corrected);
      FlightContext expected = DepartureBoard.of(now).contextOf(subject);
      assertThat(expected).isNotEqualTo(DepartureBoard.of(year).contextOf(subject));

      assertThat(a.board.readsEveryStoredFlight(subject.scheduledDeparture().toLocalDate()))
          .isFalse();
      assertThat(a.board.contextOf(subject, null)).isEqualTo(expected);
      awaitBuilt(a, subject);
      assertThat(a.board.contextOf(subject, null)).isEqualTo(expected);
    } finally {
      builder.shutdownNow();
    }
  }

  @Test
  void oldDaysAskedAtOnceBeforeTheBoardOfEveryFlightIsBuiltAreReadTwoAtATime() throws Exception {
    List<Flight> year = importedYear(3_000, 45);
    AtomicInteger open = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    AtomicBoolean together = new AtomicBoolean();
    try (NotYetBuilt a = new NotYetBuilt(heldTogether(dataSource(), open, most, together), 12)) {
      // One flight a month, each on a day of its own and none held current.
      List<Flight> asked = new ArrayList<>();
      for (Flight flight : year) {
        LocalDate day = flight.scheduledDeparture().toLocalDate();
        if (day.getDayOfMonth() == 15
            && !a.board().liveDays().contains(day)
            && asked.stream().noneMatch(f -> f.scheduledDeparture().getMonth() == day.getMonth())) {
          asked.add(flight);
        }
      }
      assertThat(asked).hasSizeGreaterThanOrEqualTo(10);
      long readBefore = a.instance.daysRead();
      most.set(0);
      together.set(true);

      CountDownLatch go = new CountDownLatch(1);
      List<Future<FlightContext>> contexts = new ArrayList<>();
      for (Flight flight : asked) {
        contexts.add(
            a.callers.submit(() -> {
              go.await();
              return a.board().contextOf(flight, null);
            }));
      }
      go.countDown();

      DepartureBoard training = DepartureBoard.of(year);
      for (int i = 0; i < asked.size(); i++) {
        assertThat(contexts.get(i).get(30, TimeUnit.SECONDS))
            .isEqualTo(training.contextOf(asked.get(i)));
      }
      assertThat(a.instance.daysRead() - readBefore).isEqualTo(asked.size());
      assertThat(most.get()).isEqualTo(LiveBoard.DAYS_READ_AT_ONCE);
    }
  }

  @Test
  void aCallerGivenNoTurnToReadItsDayWithinFiveSecondsIsAnsweredAsTheStoreFailing()
      throws Exception {
    List<Flight> year = importedYear(3_000, 46);
    AtomicInteger open = new AtomicInteger();
    AtomicBoolean hanging = new AtomicBoolean();
    CountDownLatch answering = new CountDownLatch(1);
    // A store that hangs: every connection taken once hanging is handed over only when answering.
    javax.sql.DataSource hangs =
        counted(
            dataSource(),
            open,
            new AtomicInteger(),
            () -> {
              if (hanging.get()) {
                awaitQuietly(answering);
              }
            });
    try (NotYetBuilt a = new NotYetBuilt(hangs, 3)) {
      List<Flight> asked =
          List.of(year.get(300), year.get(1_200), year.get(2_100)).stream()
              .filter(f -> !a.board().liveDays().contains(f.scheduledDeparture().toLocalDate()))
              .toList();
      assertThat(asked).hasSize(3);
      hanging.set(true);
      List<Future<FlightContext>> reading = new ArrayList<>();
      for (Flight flight : asked.subList(0, 2)) {
        reading.add(a.callers.submit(() -> a.board().contextOf(flight, null)));
      }
      while (open.get() < 2) {
        Thread.onSpinWait();
      }

      Future<FlightContext> third = a.callers.submit(() -> a.board().contextOf(asked.get(2), null));
      assertThatThrownBy(() -> third.get(30, TimeUnit.SECONDS))
          .cause()
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("no turn to read");
      answering.countDown();
      DepartureBoard training = DepartureBoard.of(year);
      for (int i = 0; i < 2; i++) {
        assertThat(reading.get(i).get(30, TimeUnit.SECONDS))
            .isEqualTo(training.contextOf(asked.get(i)));
      }
    }
  }

  /**
   * An instance reading the store through {@code source} whose board of every stored flight is not
   * built until closed (a task holds its builder's only thread, as a build under way would), with
   * {@code callers} threads to ask it from.
   */
  private final class NotYetBuilt implements AutoCloseable {
    final CountDownLatch building = new CountDownLatch(1);
    final java.util.concurrent.ScheduledExecutorService builder =
        Executors.newSingleThreadScheduledExecutor();
    final java.util.concurrent.ExecutorService callers;
    final Instance instance;

    NotYetBuilt(javax.sql.DataSource source, int callers) {
      builder.execute(() -> awaitQuietly(building));
      this.callers = Executors.newFixedThreadPool(callers);
      this.instance = new Instance(source, 100_000, builder, java.time.Duration.ZERO);
    }

    LiveBoard board() {
      return instance.board;
    }

    @Override
    public void close() {
      building.countDown();
      callers.shutdownNow();
      builder.shutdownNow();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * {@code source} counting the connections held at once in {@code open}, the most in {@code most};
   * while {@code together} is set, each connection is handed over only once another is held too (or
   * after a second), so that reads allowed at once are seen at once however the threads run.
   */
  private static javax.sql.DataSource heldTogether(
      javax.sql.DataSource source, AtomicInteger open, AtomicInteger most, AtomicBoolean together) {
    return counted(
        source,
        open,
        most,
        () -> {
          long until = System.nanoTime() + 1_000_000_000L;
          while (together.get() && open.get() < 2 && System.nanoTime() < until) {
            Thread.onSpinWait();
          }
        });
  }

  /**
   * {@code source} counting the connections held at once in {@code open}, the most in {@code most},
   * each handed over after {@code beforeHandover} ran.
   */
  private static javax.sql.DataSource counted(
      javax.sql.DataSource source,
      AtomicInteger open,
      AtomicInteger most,
      Runnable beforeHandover) {
    ClassLoader loader = StoreSuite.class.getClassLoader();
    return (javax.sql.DataSource)
        java.lang.reflect.Proxy.newProxyInstance(
            loader,
            new Class<?>[] {javax.sql.DataSource.class},
            (proxy, method, args) -> {
              Object result = call(method, source, args);
              if (!(result instanceof Connection connection)) {
                return result;
              }
              most.accumulateAndGet(open.incrementAndGet(), Math::max);
              beforeHandover.run();
              AtomicBoolean closed = new AtomicBoolean();
              return java.lang.reflect.Proxy.newProxyInstance(
                  loader,
                  new Class<?>[] {Connection.class},
                  (p, m, a) -> {
                    if (m.getName().equals("close") && closed.compareAndSet(false, true)) {
                      open.decrementAndGet();
                    }
                    return call(m, connection, a);
                  });
            });
  }

  private static Object call(java.lang.reflect.Method method, Object target, Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (java.lang.reflect.InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Test
  void anImportReplacesTheBoardOfEveryStoredFlight() throws Exception {
    List<Flight> first = FlightFixtures.syntheticYear(2_000, 43);
    List<Flight> second = FlightFixtures.syntheticYear(2_000, 44);
    importer.importFile(FlightFixtures.writeRaw(dir.resolve("a.csv"), first), false, rows -> {});
    Instance a = new Instance();
    Flight asked = second.get(second.size() / 2);
    assertThat(a.board.contextOf(asked, null)).isEqualTo(DepartureBoard.of(first).contextOf(asked));

    importer.importFile(FlightFixtures.writeRaw(dir.resolve("b.csv"), second), true, rows -> {});
    a.feed.follow();

    assertThat(a.board.readsEveryStoredFlight(asked.scheduledDeparture().toLocalDate())).isTrue();
    assertThat(a.board.contextOf(asked, null))
        .isEqualTo(DepartureBoard.of(second).contextOf(asked))
        .isNotEqualTo(DepartureBoard.of(first).contextOf(asked));
  }

  /** Waits until the flight's day reads the board of every stored flight. */
  private static void awaitBuilt(Instance instance, Flight flight) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (instance.board.readsEveryStoredFlight(flight.scheduledDeparture().toLocalDate())) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the board of every stored flight was not built within 10 s");
  }
}
