package org.latamml.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.latamml.flight.Flight;
import org.latamml.training.Progress;

/**
 * Feeds recorded flights through the service's API as they happened: each day's schedule the
 * evening before ({@link #SCHEDULE_PUBLISHED}), each departure at its actual time, on a clock that
 * runs {@code speed} times faster than the wall's (or as fast as the service takes them).
 */
public final class Replay {
  /** When, the day before, a day's schedule is published. */
  public static final java.time.LocalTime SCHEDULE_PUBLISHED = java.time.LocalTime.of(18, 0);

  /** The most flights or departures sent in one request, the API's limit. */
  public static final int MAX_BATCH = 1_000;

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ATTEMPTS = 5;

  private final HttpClient http;
  private final URI service;
  private final String credential;
  private final double speed;
  private final boolean predict;
  private final Progress progress;

  /**
   * A replay against a service.
   *
   * @param service the service's base URL
   * @param credential a bearer credential (API key or ID token), or null where authentication is
   *     open
   * @param speed how many times faster than real time; {@link Double#POSITIVE_INFINITY} for as fast
   *     as the service takes it
   */
  public Replay(URI service, String credential, double speed, Progress progress) {
    this(service, credential, speed, false, progress);
  }

  /**
   * A replay that also asks, when each batch of a day's schedule is published, the predictions of
   * its flights ({@code POST /v1/predictions}), as an operations tool would: the service logs them,
   * and the departures replayed later give them their outcomes (live quality).
   */
  public Replay(URI service, String credential, double speed, boolean predict, Progress progress) {
    if (!(speed > 0)) {
      throw new IllegalArgumentException("the speed must be above 0, got " + speed);
    }
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    this.service = service;
    this.credential = credential;
    this.speed = speed;
    this.predict = predict;
    this.progress = progress;
  }

  /**
   * One thing that happened.
   *
   * @param at when, on the replayed clock
   * @param schedule true for a day's schedule published, false for a departure
   * @param flight the flight scheduled or departed
   */
  record Event(LocalDateTime at, boolean schedule, Flight flight) {}

  /**
   * What a replay did.
   *
   * @param flights scheduled flights sent
   * @param departures departures sent
   * @param requests requests made
   * @param predicted flights whose predictions were asked
   * @param seconds wall-clock seconds it took
   * @param reached the replayed clock at the end
   */
  public record Result(
      long flights,
      long departures,
      long requests,
      long predicted,
      double seconds,
      LocalDateTime reached) {
    /** Events sent per wall-clock second. */
    public double eventsPerSecond() {
      return seconds > 0 ? (flights + departures) / seconds : 0;
    }
  }

  /** The events of these flights in replay order: schedules the evening before, then departures. */
  static List<Event> timeline(List<Flight> flights) {
    Map<LocalDate, List<Flight>> byDay = new TreeMap<>();
    for (Flight flight : flights) {
      byDay
          .computeIfAbsent(flight.scheduledDeparture().toLocalDate(), d -> new ArrayList<>())
          .add(flight);
    }
    List<Event> events = new ArrayList<>();
    byDay.forEach((day, scheduled) -> {
      LocalDateTime published = day.minusDays(1).atTime(SCHEDULE_PUBLISHED);
      scheduled.forEach(f -> events.add(new Event(published, true, f)));
    });
    for (Flight flight : flights) {
      if (flight.hasDeparted()) {
        events.add(new Event(flight.actualDeparture(), false, flight));
      }
    }
    // Stable: a day's schedule keeps the file's order; at one time, schedules go first.
    events.sort(Comparator.comparing(Event::at).thenComparing(e -> !e.schedule()));
    return events;
  }

  /** Replays the flights; throws when the service refuses a batch or cannot be reached. */
  public Result run(List<Flight> flights) throws IOException, InterruptedException {
    List<Event> events = timeline(flights);
    long sentFlights = 0;
    long sentDepartures = 0;
    long requests = 0;
    long predicted = 0;
    long start = System.nanoTime();
    LocalDateTime reached = events.isEmpty() ? null : events.get(0).at();
    try (Progress.Task task = progress.start("replaying", events.size())) {
      int next = 0;
      while (next < events.size()) {
        Event first = events.get(next);
        waitFor(first.at(), events.get(0).at(), start);
        LocalDateTime now = replayClock(events.get(0).at(), start);
        int end = next + 1;
        while (end < events.size()
            && end - next < MAX_BATCH
            && events.get(end).schedule() == first.schedule()
            && !events.get(end).at().isAfter(now)) {
          end++;
        }
        List<Event> batch = events.subList(next, end);
        send(
            first.schedule() ? schedule(batch) : departures(batch),
            first.schedule() ? "/v1/flights" : "/v1/departures");
        requests++;
        if (predict && first.schedule()) {
          send(predictions(batch), "/v1/predictions");
          requests++;
          predicted += batch.size();
        }
        if (first.schedule()) {
          sentFlights += batch.size();
        } else {
          sentDepartures += batch.size();
        }
        reached = batch.get(batch.size() - 1).at();
        next = end;
        task.stepTo(next);
      }
      task.done();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result(sentFlights, sentDepartures, requests, predicted, seconds, reached);
  }

  /** The replayed clock now: the first event's time plus the wall time since, sped up. */
  private LocalDateTime replayClock(LocalDateTime origin, long startNanos) {
    if (Double.isInfinite(speed)) {
      return LocalDateTime.MAX;
    }
    double elapsed = (System.nanoTime() - startNanos) * speed;
    return origin.plusNanos((long) Math.min(elapsed, Long.MAX_VALUE / 2.0));
  }

  private void waitFor(LocalDateTime at, LocalDateTime origin, long startNanos)
      throws InterruptedException {
    if (Double.isInfinite(speed)) {
      return;
    }
    long due = startNanos + (long) (Duration.between(origin, at).toNanos() / speed);
    long wait = due - System.nanoTime();
    if (wait > 0) {
      Thread.sleep(Duration.ofNanos(wait));
    }
  }

  private static ObjectNode schedule(List<Event> batch) {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode flights = body.putArray("flights");
    for (Event event : batch) {
      Flight f = event.flight();
      ObjectNode item = flights.addObject();
      item.put("scheduled_departure", TIME.format(f.scheduledDeparture()));
      item.put("flight_number", f.flightNumber());
      item.put("airline", f.airline());
      item.put("airline_code", f.airlineCode());
      item.put("flight_type", f.type().code());
      item.put("destination", f.destination());
      if (!f.destinationCity().isEmpty()) {
        item.put("destination_city", f.destinationCity());
      }
    }
    return body;
  }

  private static ObjectNode departures(List<Event> batch) {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode departures = body.putArray("departures");
    for (Event event : batch) {
      Flight f = event.flight();
      ObjectNode item = departures.addObject();
      item.put("airline_code", f.airlineCode());
      item.put("flight_number", f.flightNumber());
      item.put("scheduled_departure", TIME.format(f.scheduledDeparture()));
      item.put("actual_departure", TIME.format(f.actualDeparture()));
      // Reported as it happened on the replayed clock, not when the replay sent it.
      item.put("reported_at", TIME.format(f.actualDeparture()));
    }
    return body;
  }

  /** The flights of a schedule batch as {@code POST /v1/predictions} takes them. */
  private static ObjectNode predictions(List<Event> batch) {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode flights = body.putArray("flights");
    for (Event event : batch) {
      Flight f = event.flight();
      ObjectNode item = flights.addObject();
      item.put("airline", f.airline());
      item.put("flight_type", f.type().code());
      item.put("scheduled_departure", TIME.format(f.scheduledDeparture()));
      item.put("destination", f.destination());
      item.put("flight_number", f.flightNumber());
    }
    return body;
  }

  /** Posts a batch; retries what the service asks to be retried (429, 503), fails on the rest. */
  private void send(ObjectNode body, String path) throws IOException, InterruptedException {
    String base = service.toString().replaceAll("/+$", "");
    URI uri = URI.create(base + path);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
    if (credential != null) {
      request.header("Authorization", "Bearer " + credential);
    }
    for (int attempt = 1; ; attempt++) {
      HttpResponse<String> response;
      try {
        response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      } catch (ConnectException e) {
        throw new ReplayFailedException("cannot reach " + service + ": is the service running?", e);
      }
      int status = response.statusCode();
      if (status / 100 == 2) {
        return;
      }
      if ((status == 429 || status == 503) && attempt < ATTEMPTS) {
        long seconds = response.headers().firstValueAsLong("Retry-After").orElse(1L);
        Thread.sleep(Duration.ofSeconds(Math.min(Math.max(seconds, 1), 30)));
        continue;
      }
      throw new ReplayFailedException(uri, status, response.body());
    }
  }
}
