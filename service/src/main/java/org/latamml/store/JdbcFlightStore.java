package org.latamml.store;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.latamml.app.WouldBlock;
import org.latamml.config.ServiceSettings;
import org.latamml.flight.Flight;
import org.latamml.flight.FlightType;

/**
 * The flight store over JDBC (H2 locally, PostgreSQL in production). Up to {@code
 * latam.store.memory-flights} flights (by default one per 128 bytes of heap, at most 5,000,000) are
 * also held in memory, in id order, so that a lookup is an array access that never blocks; a larger
 * store is looked up through a cache, absent ids included, so that repeated and unknown ids never
 * reach the database twice.
 */
@Singleton
public class JdbcFlightStore implements FlightStore {
  static final String COLUMNS =
      "id, scheduled_departure, flight_number, destination, airline_code, airline, flight_type,"
          + " destination_city, actual_departure";

  /** What a read takes: the flight, and when its departure was reported. */
  static final String READ_COLUMNS = COLUMNS + ", departure_reported_at";

  /** The most flights held in memory by default, however large the heap. */
  public static final int MAX_MEMORY_FLIGHTS = 5_000_000;

  /** Heap bytes per flight held by default: a held flight takes about 23 (FlightIndex). */
  static final int HEAP_BYTES_PER_FLIGHT = 128;

  /**
   * Flights put in whole, as a share of {@code memoryFlights}, before the index folds them into
   * columns: at 1/16, about 450 bytes each, they take a quarter of the flights' 128 bytes each.
   */
  static final int WHOLE_TO_COLUMNS = 16;

  private final DataSource dataSource;
  private final int memoryFlights;
  private final LoadingCache<Long, Optional<StoredFlight>> byId;
  private final AtomicReference<FlightIndex> inMemory = new AtomicReference<>();

  private final MeterRegistry metrics;

  @Inject
  JdbcFlightStore(DataSource dataSource, ServiceSettings settings, MeterRegistry metrics) {
    this(dataSource, settings.store().memoryFlights(), metrics);
  }

  JdbcFlightStore(DataSource dataSource, Optional<Integer> memoryFlights, MeterRegistry metrics) {
    this.dataSource = dataSource;
    this.metrics = metrics;
    this.memoryFlights =
        memoryFlights.orElseGet(() -> defaultMemoryFlights(Runtime.getRuntime().maxMemory()));
    this.byId = Caffeine.newBuilder().maximumSize(200_000).build(this::load);
  }

  /**
   * How many flights fit in memory by default: one per 128 bytes of heap, at most 5,000,000. A held
   * flight takes about 23 bytes and its place on the board of every flight 28, so the flights take
   * at most half of the heap; the rest leaves room for the models and requests in flight.
   */
  static int defaultMemoryFlights(long maxHeapBytes) {
    return (int) Math.min(MAX_MEMORY_FLIGHTS, maxHeapBytes / HEAP_BYTES_PER_FLIGHT);
  }

  @Override
  public Optional<StoredFlight> find(long id) {
    FlightIndex flights = inMemory.get();
    if (flights != null) {
      return Optional.ofNullable(flights.get(id));
    }
    Optional<StoredFlight> cached = byId.getIfPresent(id);
    if (cached != null) {
      return cached;
    }
    // Past the memory bound, or while the flights held were let go by a change, a look-up reads
    // the database: never on an event loop, which hands the request to a worker thread instead
    // (a route's answer there may have been admitted just before the flights were let go).
    WouldBlock.unlessMayBlock();
    return byId.get(id);
  }

  /**
   * Whether a flight with this id is stored. Held in memory, its stamp answers: making the flight,
   * as {@link #find} does, reads every column of its page, most of them outside the processor's
   * cache for an id asked at random (docs/PERFORMANCE.md, "A flight's existence without the
   * flight").
   */
  @Override
  public boolean exists(long id) {
    FlightIndex flights = inMemory.get();
    return flights != null ? flights.stamp(id) != null : find(id).isPresent();
  }

  /**
   * What tells whether the flight with this id has changed since it was last read: the same object
   * for as long as it has not, and another once an event or an import changed it; null when the
   * flights are not held in memory or the id is unknown. Read it before {@link #find}: a change in
   * between then shows as a change.
   */
  public Object stamp(long id) {
    FlightIndex flights = inMemory.get();
    return flights == null ? null : flights.stamp(id);
  }

  /**
   * Hands every flight held in memory to {@code each}, in id order, made one at a time; returns
   * false, handing none, when the flights are not held in memory.
   */
  public boolean eachHeld(java.util.function.Consumer<StoredFlight> each) {
    FlightIndex flights = inMemory.get();
    if (flights == null) {
      return false;
    }
    for (long id = 1, size = flights.size(); id <= size; id++) {
      StoredFlight flight = flights.get(id);
      if (flight != null) {
        each.accept(flight);
      }
    }
    return true;
  }

  /** How many flights are held in memory (their highest id), or -1 when they are not held. */
  public long heldCount() {
    FlightIndex flights = inMemory.get();
    return flights == null ? -1 : flights.size();
  }

  /** Whether {@link #find} answers from memory, never blocking on the database. */
  public boolean answersFromMemory() {
    return inMemory.get() != null;
  }

  /**
   * Reads the store again: at start and after an import. Returns the source it holds ({@link
   * #source}): an import that commits while the flights are read, a page at a time, changes the
   * source, and the read is made again, up to three times; past that, the source from before the
   * read, so that the next check sees a change and reloads.
   */
  public synchronized String reload() {
    // The new index is built before it replaces the old: lookups never fall to the database
    // while it is read. Ids are 1..n without gaps (the importer numbers the rows, events take the
    // next ones).
    String before = source();
    for (int attempt = 1; ; attempt++) {
      FlightIndex fresh = count() <= memoryFlights ? timed("all", this::readIndex) : null;
      String after = source();
      if (java.util.Objects.equals(before, after) || attempt == 3) {
        inMemory.set(fresh);
        byId.invalidateAll();
        return before;
      }
      before = after;
    }
  }

  /** Runs a query, timed in {@code latam_store_query_seconds{op}}. */
  private <T> T timed(String op, java.util.concurrent.Callable<T> query) {
    try {
      return Timer.builder("latam.store.query")
          .description("the flight store's queries, by operation")
          .tag("op", op)
          .register(metrics)
          .recordCallable(query);
    } catch (StoreException e) {
      throw e;
    } catch (Exception e) {
      throw new StoreException("store query " + op + " failed", e);
    }
  }

  @Override
  public long count() {
    return timed("count", this::countRows);
  }

  private long countRows() {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM flight")) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw new StoreException("cannot count flights", e);
    }
  }

  @Override
  public List<StoredFlight> all() {
    return timed("all", this::readAll);
  }

  /**
   * Takes in flights that changed in the store since it was read (events, applied by {@link
   * ChangeFeed}): the index holds them, or the cache forgets them. An index that would grow past
   * {@code latam.store.memory-flights} is dropped for the cache.
   */
  public synchronized void apply(List<StoredFlight> changed) {
    FlightIndex index = inMemory.get();
    for (StoredFlight flight : changed) {
      if (index != null) {
        index.put(flight);
      } else {
        byId.invalidate(flight.id());
      }
    }
    if (index != null && index.size() > memoryFlights) {
      inMemory.set(null);
      byId.invalidateAll();
    } else if (index != null && index.putSinceBuilt() > memoryFlights / WHOLE_TO_COLUMNS) {
      // Flights sent as events are kept whole, nine times the bytes of a flight in columns: a bulk
      // of schedules filled the heap long before memoryFlights (docs/PERFORMANCE.md, "Ingest").
      inMemory.set(index.compacted());
    }
  }

  /**
   * The flights scheduled at or after {@code from} and before {@code to}, in id order: a day's
   * board.
   */
  public List<StoredFlight> scheduledBetween(LocalDateTime from, LocalDateTime to) {
    return timed(
        "scheduled",
        () -> {
          try (Connection connection = dataSource.getConnection();
              PreparedStatement query =
                  connection.prepareStatement(
                      "SELECT "
                          + READ_COLUMNS
                          + " FROM flight WHERE scheduled_departure >= ?"
                          + " AND scheduled_departure < ? ORDER BY id")) {
            query.setObject(1, from);
            query.setObject(2, to);
            return readRows(query);
          }
        });
  }

  /**
   * The flights changed by changes after {@code after} up to {@code upTo}, but for those {@code
   * skipped}, in change order.
   */
  public List<Changed> changesBetween(long after, long upTo, List<Long> skipped) {
    return timed(
        "changes",
        () -> {
          String skip =
              skipped.isEmpty()
                  ? ""
                  : " AND change_seq NOT IN ("
                      + String.join(", ", java.util.Collections.nCopies(skipped.size(), "?"))
                      + ")";
          try (Connection connection = dataSource.getConnection();
              PreparedStatement query =
                  connection.prepareStatement(
                      "SELECT "
                          + READ_COLUMNS
                          + ", change_seq FROM flight WHERE change_seq > ? AND change_seq <= ?"
                          + skip
                          + " ORDER BY change_seq, id")) {
            query.setLong(1, after);
            query.setLong(2, upTo);
            for (int i = 0; i < skipped.size(); i++) {
              query.setLong(3 + i, skipped.get(i));
            }
            List<Changed> changed = new ArrayList<>();
            Map<String, String> texts = new HashMap<>();
            try (ResultSet rows = query.executeQuery()) {
              while (rows.next()) {
                changed.add(new Changed(rows.getLong(11), read(rows, texts)));
              }
            }
            return changed;
          }
        });
  }

  /**
   * A flight as a change left it.
   *
   * @param change the change's number
   * @param flight the flight as that change left it
   */
  public record Changed(long change, StoredFlight flight) {}

  /**
   * The store's clock: which file it was imported from and its last change; reading both in one
   * query lets instances check for any change at the cost of one row.
   *
   * @param source the imported file's SHA-256, or null
   * @param changeSeq the last change number given by an event
   */
  public record Clock(String source, long changeSeq) {}

  /** The store's clock now. */
  public Clock clock() {
    return timed(
        "clock",
        () -> {
          try (Connection connection = dataSource.getConnection();
              Statement statement = connection.createStatement();
              ResultSet rows =
                  statement.executeQuery(
                      "SELECT (SELECT sha256 FROM flight_source WHERE id = 1), change_seq"
                          + " FROM store_clock WHERE id = 1")) {
            return rows.next() ? new Clock(rows.getString(1), rows.getLong(2)) : new Clock(null, 0);
          }
        });
  }

  // The index on actual_departure read backwards from the bound, one entry: H2 answers MAX(...)
  // WHERE actual_departure < ? by reading every departure before it (677,152 index entries and
  // 20,780 pages on ten years, each publish of the quality gauges; docs/PERFORMANCE.md, "Ten
  // years after start").
  static final String LATEST_DEPARTURE_UP_TO =
      "SELECT actual_departure FROM flight WHERE actual_departure < ?"
          + " ORDER BY actual_departure DESC FETCH FIRST ROW ONLY";

  /**
   * The latest actual departure in the store before {@code before}, if any: the day the airport is
   * living (departures dated later are mistakes or tests).
   */
  public Optional<LocalDateTime> latestDepartureUpTo(LocalDateTime before) {
    return timed(
        "latest_departure",
        () -> {
          try (Connection connection = dataSource.getConnection();
              PreparedStatement query = connection.prepareStatement(LATEST_DEPARTURE_UP_TO)) {
            query.setObject(1, before);
            try (ResultSet rows = query.executeQuery()) {
              return rows.next()
                  ? Optional.ofNullable(rows.getObject(1, LocalDateTime.class))
                  : Optional.empty();
            }
          }
        });
  }

  private static List<StoredFlight> readRows(PreparedStatement query) throws SQLException {
    List<StoredFlight> flights = new ArrayList<>();
    Map<String, String> texts = new HashMap<>();
    try (ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        flights.add(read(rows, texts));
      }
    }
    return flights;
  }

  /** Rows read per query when the whole store is read. */
  static final int PAGE_ROWS = 1_000;

  /**
   * Reads every flight, in id order, a page at a time. H2 keeps only a heap-sized share of a result
   * in memory and writes the rest to a temporary file, and PostgreSQL's driver would hold a whole
   * result at once (docs/PERFORMANCE.md, "Where start-up goes").
   */
  private List<StoredFlight> readAll() {
    List<StoredFlight> flights = new ArrayList<>();
    readEach(flights::add);
    return flights;
  }

  /** Reads every flight into an index, a page at a time, never holding them all as objects. */
  private FlightIndex readIndex() {
    FlightIndex.Builder index = new FlightIndex.Builder();
    readEach(index::add);
    return index.build();
  }

  private void readEach(java.util.function.Consumer<StoredFlight> into) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement page =
            connection.prepareStatement(
                "SELECT "
                    + READ_COLUMNS
                    + " FROM flight WHERE id > ? ORDER BY id LIMIT "
                    + PAGE_ROWS)) {
      Map<String, String> texts = new HashMap<>();
      long after = 0;
      int read;
      do {
        page.setLong(1, after);
        read = 0;
        try (ResultSet rows = page.executeQuery()) {
          while (rows.next()) {
            StoredFlight flight = read(rows, texts);
            into.accept(flight);
            after = flight.id();
            read++;
          }
        }
      } while (read == PAGE_ROWS);
    } catch (SQLException e) {
      throw new StoreException("cannot read flights", e);
    }
  }

  /** The SHA-256 of the imported file, or null for an empty store: it changes with each import. */
  public String source() {
    return timed(
        "source",
        () -> {
          try (Connection connection = dataSource.getConnection();
              Statement statement = connection.createStatement();
              ResultSet rows =
                  statement.executeQuery("SELECT sha256 FROM flight_source WHERE id = 1")) {
            return rows.next() ? rows.getString(1) : null;
          }
        });
  }

  @Override
  public boolean isReachable() {
    try (Connection connection = dataSource.getConnection()) {
      return connection.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  private Optional<StoredFlight> load(long id) {
    return timed("by_id", () -> loadRow(id));
  }

  private Optional<StoredFlight> loadRow(long id) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query =
            connection.prepareStatement("SELECT " + READ_COLUMNS + " FROM flight WHERE id = ?")) {
      query.setLong(1, id);
      try (ResultSet rows = query.executeQuery()) {
        return rows.next() ? Optional.of(read(rows, new HashMap<>())) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new StoreException("cannot look up flight " + id, e);
    }
  }

  /**
   * Reads a row; {@code texts} shares the repeated strings (airlines, destinations) across rows.
   */
  static StoredFlight read(ResultSet row, Map<String, String> texts) throws SQLException {
    // As LocalDateTime directly: through Timestamp, each value would go through the zone rules.
    return new StoredFlight(
        row.getLong(1),
        new Flight(
            row.getObject(2, LocalDateTime.class),
            shared(texts, row.getString(3)),
            shared(texts, row.getString(4)),
            shared(texts, row.getString(5)),
            shared(texts, row.getString(6)),
            FlightType.ofCode(row.getString(7).strip()),
            shared(texts, row.getString(8)),
            row.getObject(9, LocalDateTime.class)),
        row.getObject(10, LocalDateTime.class));
  }

  private static String shared(Map<String, String> texts, String text) {
    return text == null ? null : texts.computeIfAbsent(text, t -> t);
  }
}
