package org.latamml.live;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.latamml.flight.Flight;
import org.latamml.prediction.Predictor;
import org.latamml.problem.FieldChecks;
import org.latamml.problem.InvalidInputProblem;
import org.latamml.problem.JsonTypes;
import org.latamml.problem.Problem;
import org.latamml.store.DepartureEvent;
import org.latamml.store.FlightKey;
import org.latamml.store.FlightWriter;
import org.latamml.store.StoredFlight;

/**
 * Checks and stores batches of schedules and departures, however they arrive (HTTP, Pub/Sub): the
 * whole batch is checked before anything is written, and a bad item refuses it whole, named as
 * {@code flights[i].field}.
 */
@Singleton
public class LiveIngest {
  /** The most flights or departures one batch may hold. */
  public static final int MAX_BATCH = 1_000;

  private final FlightWriter writer;
  private final Predictor predictor;
  private final ObjectReader strict;
  private final MeterRegistry metrics;
  private final java.time.ZoneId zone;

  LiveIngest(
      FlightWriter writer,
      Predictor predictor,
      ObjectMapper json,
      MeterRegistry metrics,
      org.latamml.config.ServiceSettings settings) {
    this.writer = writer;
    this.predictor = predictor;
    this.metrics = metrics;
    this.zone = settings.airportZone();
    // Unknown fields refused: a schedule system sending "actual_departure" with a flight, or a
    // misspelt field, must hear that it was not stored. Other routes keep ignoring them.
    this.strict = json.reader().with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    // Every series at 0 from the start: a rate over a counter that appears with its first batch
    // misses that batch, and an absent series cannot tell "none yet" from "not published".
    for (String kind : List.of("flights", "departures")) {
      for (String outcome : List.of("stored", "duplicate", "refused")) {
        batchesCounter(kind, outcome);
      }
      itemsCounter(kind);
    }
  }

  /** Stores the schedule in a JSON body ({@link ScheduleRequest}), fields named under root. */
  public ScheduleAnswer schedule(JsonNode body, String root, String messageId) {
    return counted(
        "flights", () -> schedule(read(body, ScheduleRequest.class, root), root, messageId));
  }

  /** Stores the departures in a JSON body ({@link DeparturesRequest}), fields named under root. */
  public DeparturesAnswer departures(JsonNode body, String root, String messageId) {
    return counted(
        "departures", () -> departures(read(body, DeparturesRequest.class, root), root, messageId));
  }

  /**
   * Runs a batch, counting it in {@code latam_ingest_batches_total{kind, outcome}} (stored,
   * duplicate: a message seen before, refused: a bad item) and its items in {@code
   * latam_ingest_items_total{kind}}.
   */
  private <T extends Counted> T counted(String kind, java.util.function.Supplier<T> batch) {
    T answer;
    try {
      answer = batch.get();
    } catch (InvalidInputProblem e) {
      count(kind, "refused", 0);
      throw e;
    }
    count(kind, answer.items() == 0 ? "duplicate" : "stored", answer.items());
    return answer;
  }

  private void count(String kind, String outcome, int items) {
    batchesCounter(kind, outcome).increment();
    if (items > 0) {
      itemsCounter(kind).increment(items);
    }
  }

  private Counter batchesCounter(String kind, String outcome) {
    return Counter.builder("latam.ingest.batches")
        .description("batches of schedules or departures received, by kind and outcome")
        .tags("kind", kind, "outcome", outcome)
        .register(metrics);
  }

  private Counter itemsCounter(String kind) {
    return Counter.builder("latam.ingest.items")
        .description("flights or departures stored, by kind")
        .tag("kind", kind)
        .register(metrics);
  }

  /** An answer that says how many items it stored. */
  interface Counted {
    /** How many items were stored: none for a message seen before. */
    int items();
  }

  private <T> T read(JsonNode body, Class<T> type, String root) {
    if (body == null || !body.isObject()) {
      throw root.isEmpty()
          ? InvalidInputProblem.ofBody("the body must be a JSON object")
          : new InvalidInputProblem(root.substring(0, root.length() - 1), "must be a JSON object");
    }
    try {
      return strict.forType(type).readValue(body);
    } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
      throw JsonTypes.unbound(e, root);
    } catch (java.io.IOException e) {
      throw new InvalidInputProblem(root + items(type), "holds a value that cannot be read");
    }
  }

  private static String items(Class<?> type) {
    return type == ScheduleRequest.class ? "flights" : "departures";
  }

  /**
   * A schedule: flights to add, or to update when one with the same airline code, number and
   * scheduled departure is stored.
   *
   * @param flights 1 to 1,000 flights
   */
  public record ScheduleRequest(
      @Schema(required = true, minItems = 1, maxItems = MAX_BATCH) List<ScheduledFlight> flights) {}

  /**
   * Departures.
   *
   * @param departures 1 to 1,000 departures
   */
  public record DeparturesRequest(
      @Schema(required = true, minItems = 1, maxItems = MAX_BATCH)
          List<DepartureReport> departures) {}

  /**
   * A stored flight's id and key.
   *
   * @param id its id, for {@code GET /v1/flights/{id}} and departures
   * @param airlineCode its airline code
   * @param flightNumber its number
   * @param scheduledDeparture its scheduled departure
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Scheduled(
      long id, String airlineCode, String flightNumber, LocalDateTime scheduledDeparture) {}

  /**
   * The answer to a schedule.
   *
   * @param flights each sent flight's id, in order
   */
  public record ScheduleAnswer(List<Scheduled> flights) implements Counted {
    @Override
    public int items() {
      return flights.size();
    }
  }

  /**
   * A stored departure.
   *
   * @param flightId the flight's id
   * @param actualDeparture when it left
   * @param delayed whether it left more than 15 minutes late
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Departed(long flightId, LocalDateTime actualDeparture, boolean delayed) {}

  /**
   * The answer to departures.
   *
   * @param departures each departure as stored, in order
   */
  public record DeparturesAnswer(List<Departed> departures) implements Counted {
    @Override
    public int items() {
      return departures.size();
    }
  }

  /**
   * Stores a schedule; {@code root} prefixes the names of bad fields, {@code messageId} (or null)
   * deduplicates a message delivered twice.
   */
  private ScheduleAnswer schedule(ScheduleRequest request, String root, String messageId) {
    List<Flight> flights =
        checked(
            request == null ? null : request.flights(),
            root + "flights",
            ScheduledFlight::problems,
            ScheduledFlight::toFlight);
    // Stored as the models spell the names they know (GRUPO LATAM as Grupo LATAM): the board's
    // keys, the outcomes' match and the callers' flights, read the same way, then agree.
    List<Flight> spelled = predictor.spellings().canonical(flights);
    refuseConflicts(spelled, root + "flights");
    FlightWriter.Written written = writer.writeSchedule(spelled, messageId);
    return new ScheduleAnswer(
        written.flights().stream()
            .map(f ->
                new Scheduled(
                    f.id(),
                    f.flight().airlineCode(),
                    f.flight().flightNumber(),
                    f.flight().scheduledDeparture()))
            .toList());
  }

  /** Stores departures, as {@link #schedule} stores a schedule. */
  private DeparturesAnswer departures(DeparturesRequest request, String root, String messageId) {
    String name = root + "departures";
    java.time.ZonedDateTime now =
        java.time.ZonedDateTime.now(zone).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    List<DepartureEvent> events =
        checked(
            request == null ? null : request.departures(),
            name,
            (report, prefix) -> report.problems(prefix, now),
            report -> report.toEvent(now.toLocalDateTime()));
    FlightWriter.Written written = writer.writeDepartures(events, name, messageId);
    return new DeparturesAnswer(written.flights().stream().map(LiveIngest::departed).toList());
  }

  /**
   * Refuses a schedule that names one flight twice with different fields: which of the two the
   * store would keep is nobody's contract. The same flight given twice is taken once. (Departures
   * are checked where their flights are found, in {@link FlightWriter#writeDepartures}.)
   *
   * @throws InvalidInputProblem naming each later item, as {@code name[i]}
   */
  private static void refuseConflicts(List<Flight> flights, String name) {
    java.util.Map<FlightKey, Integer> first = new java.util.HashMap<>();
    List<Problem.FieldError> errors = new ArrayList<>();
    for (int i = 0; i < flights.size(); i++) {
      Integer earlier = first.putIfAbsent(FlightKey.of(flights.get(i)), i);
      if (earlier != null && !flights.get(earlier).equals(flights.get(i))) {
        errors.add(
            new Problem.FieldError(
                name + "[" + i + "]",
                "names the same flight as " + name + "[" + earlier + "] with other fields"));
      }
    }
    if (!errors.isEmpty()) {
      throw new InvalidInputProblem(errors);
    }
  }

  /**
   * The batch's items, each converted once every item was found valid.
   *
   * @throws InvalidInputProblem naming every bad field of every item, as {@code name[i].field}
   */
  private static <T, R> List<R> checked(
      List<T> items,
      String name,
      java.util.function.BiFunction<T, String, List<Problem.FieldError>> problems,
      java.util.function.Function<T, R> convert) {
    checkSize(items, name);
    List<Problem.FieldError> errors = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String prefix = name + "[" + i + "]";
      if (items.get(i) == null) {
        errors.add(new Problem.FieldError(prefix, "must be an object"));
      } else {
        errors.addAll(problems.apply(items.get(i), prefix));
      }
    }
    if (!errors.isEmpty()) {
      throw new InvalidInputProblem(errors);
    }
    return items.stream().map(convert).toList();
  }

  private static Departed departed(StoredFlight stored) {
    return new Departed(
        stored.id(), stored.flight().actualDeparture(), stored.flight().isDelayed());
  }

  private static void checkSize(List<?> items, String name) {
    if (items == null) {
      throw new InvalidInputProblem(
          name, String.format(Locale.ROOT, "is required: an array of 1 to %,d", MAX_BATCH));
    }
    String wrongCount = FieldChecks.countOutOfRange(items.size(), MAX_BATCH, "items");
    if (wrongCount != null) {
      throw new InvalidInputProblem(name, wrongCount);
    }
  }
}
