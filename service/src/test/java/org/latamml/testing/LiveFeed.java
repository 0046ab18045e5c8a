package org.latamml.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.latamml.flight.Flight;

/** Schedules and departures as a schedule system sends them, and the sending, for tests. */
public final class LiveFeed {
  private static final Map<String, String> AIRLINES =
      Map.of("LAN", "Grupo LATAM", "SKU", "Sky Airline", "CMP", "Copa Air", "AVA", "Avianca");

  private LiveFeed() {}

  /** A scheduled flight of the airline with this code, to Buenos Aires, international. */
  public static Map<String, Object> flight(String airlineCode, String number, String scheduled) {
    Map<String, Object> flight = new LinkedHashMap<>();
    flight.put("scheduled_departure", scheduled);
    flight.put("flight_number", number);
    flight.put("airline", AIRLINES.getOrDefault(airlineCode, airlineCode));
    flight.put("airline_code", airlineCode);
    flight.put("flight_type", "I");
    flight.put("destination", "SAEZ");
    flight.put("destination_city", "Buenos Aires");
    return flight;
  }

  /** The same flight with one field changed. */
  public static Map<String, Object> with(Map<String, Object> flight, String field, Object value) {
    Map<String, Object> changed = new LinkedHashMap<>(flight);
    changed.put(field, value);
    return changed;
  }

  /** A departure naming its flight by key. */
  public static Map<String, Object> departure(Map<String, Object> flight, String actual) {
    return Map.of(
        "airline_code", flight.get("airline_code"),
        "flight_number", flight.get("flight_number"),
        "scheduled_departure", flight.get("scheduled_departure"),
        "actual_departure", actual);
  }

  /** {@code POST /v1/flights}. */
  public static Response sendSchedule(List<Map<String, Object>> flights) {
    return given()
        .contentType(ContentType.JSON)
        .body(Map.of("flights", flights))
        .post("/v1/flights");
  }

  /** {@code POST /v1/departures}. */
  public static Response sendDepartures(List<Map<String, Object>> departures) {
    return given()
        .contentType(ContentType.JSON)
        .body(Map.of("departures", departures))
        .post("/v1/departures");
  }

  /** Sends flights' schedule, then the departures of those that left, as a feed would. */
  public static void send(List<Flight> flights) {
    sendSchedule(flights.stream().map(LiveFeed::flight).toList()).then().statusCode(200);
    List<Map<String, Object>> departures =
        flights.stream()
            .filter(Flight::hasDeparted)
            .map(f -> departure(flight(f), f.actualDeparture().toString()))
            .toList();
    if (!departures.isEmpty()) {
      sendDepartures(departures).then().statusCode(200);
    }
  }

  private static Map<String, Object> flight(Flight f) {
    Map<String, Object> flight =
        flight(f.airlineCode(), f.flightNumber(), f.scheduledDeparture().toString());
    flight.put("airline", f.airline());
    flight.put("flight_type", f.type().code());
    flight.put("destination", f.destination());
    flight.put("destination_city", f.destinationCity());
    return flight;
  }

  /**
   * Test settings for a service on an empty store of its own, in memory, named {@code store},
   * serving the model {@code version}.
   */
  public static Map<String, String> emptyStoreServing(String store, String version) {
    try {
      Path versionFile = Files.createTempFile("version-", ".txt");
      Files.writeString(versionFile, version + "\n");
      versionFile.toFile().deleteOnExit();
      return Map.of(
          "latam.version-file",
          versionFile.toString(),
          "quarkus.datasource.jdbc.url",
          "jdbc:h2:mem:" + store + ";DB_CLOSE_DELAY=-1",
          "latam.flights-csv",
          "");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
