package org.latamml.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latamml.testing.PackagedService;

/**
 * The packaged service with live flights, as processes: two instances on one store, and an instance
 * killed right after it acknowledged a batch.
 */
class LiveServiceIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;

  private List<String> sharedStore() {
    return PackagedService.sharedStore(dir);
  }

  private static HttpResponse<String> post(PackagedService service, String path, String body)
      throws Exception {
    return service.send("POST", path, body);
  }

  private static JsonNode get(PackagedService service, String path) throws Exception {
    return service.getJson(path);
  }

  private static String schedule(String number, String at) {
    return "{\"flights\": [{\"scheduled_departure\": \""
        + at
        + "\", \"flight_number\": \""
        + number
        + "\", \"airline\": \"Grupo LATAM\", \"airline_code\": \"LAN\", \"flight_type\": \"I\","
        + " \"destination\": \"SAEZ\"}]}";
  }

  @Test
  void aDepartureSentToOneInstanceShowsOnAnothersBoardWithinFiveSeconds() throws Exception {
    try (PackagedService first = PackagedService.start(dir.resolve("first.log"), sharedStore());
        PackagedService second = PackagedService.start(dir.resolve("second.log"), sharedStore())) {
      assertThat(post(first, "/v1/flights", schedule("800", "2030-05-05T10:00:00")).statusCode())
          .isEqualTo(200);
      String board = "/v1/board?from=2030-05-05T09:00&hours=3&as_of=2030-05-06T00:00";
      long scheduled = System.nanoTime();
      while (get(second, board).get("flights").isEmpty()) {
        assertThat(System.nanoTime() - scheduled).isLessThan(5_000_000_000L);
        Thread.sleep(50);
      }

      HttpResponse<String> departed =
          post(
              first,
              "/v1/departures",
              "{\"departures\": [{\"airline_code\": \"LAN\", \"flight_number\": \"800\","
                  + " \"scheduled_departure\": \"2030-05-05T10:00:00\", \"actual_departure\":"
                  + " \"2030-05-05T10:40:00\"}]}");
      assertThat(departed.statusCode()).as(departed.body()).isEqualTo(200);
      long sent = System.nanoTime();
      JsonNode line = get(second, board).get("flights").get(0);
      while (line.get("flight").get("actual_departure").isNull()) {
        assertThat(System.nanoTime() - sent).isLessThan(5_000_000_000L);
        Thread.sleep(50);
        line = get(second, board).get("flights").get(0);
      }
      assertThat(line.get("flight").get("actual_departure").asText())
          .isEqualTo("2030-05-05T10:40:00");
    }
  }

  /** The embedded store as a user's service has it: its default settings, in its own home. */
  private List<String> defaultStore() {
    Path home = Path.of(System.getProperty("latam.home", "..")).toAbsolutePath();
    return List.of(
        "quarkus.profile=local",
        "latam.request-log=false",
        "latam.flights-csv=",
        "latam.home=" + dir.resolve("home"),
        "latam.models-dir=" + home.resolve("Models"),
        "latam.version-file=" + home.resolve("version.txt"));
  }

  @Test
  void aKilledInstanceLosesNothingItAcknowledged() throws Exception {
    List<Long> ids = new java.util.ArrayList<>();
    try (PackagedService service =
        PackagedService.start(dir.resolve("killed.log"), defaultStore())) {
      for (int i = 0; i < 5; i++) {
        HttpResponse<String> answer =
            post(service, "/v1/flights", schedule("81" + i, "2030-05-08T1" + i + ":00:00"));
        assertThat(answer.statusCode()).isEqualTo(200);
        ids.add(JSON.readTree(answer.body()).get("flights").get(0).get("id").asLong());
      }
      // At once, with no time to write anything more: as a crash or an OOM kill would.
      service.process().destroyForcibly().waitFor();
    }
    try (PackagedService again =
        PackagedService.start(dir.resolve("restarted.log"), defaultStore())) {
      for (int i = 0; i < ids.size(); i++) {
        HttpResponse<String> flight =
            HTTP.send(
                HttpRequest.newBuilder(again.uri("/v1/flights/" + ids.get(i))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(flight.statusCode())
            .as(
                "flight %d after the restart; the restarted service's log:%n%s",
                ids.get(i), java.nio.file.Files.readString(dir.resolve("restarted.log")))
            .isEqualTo(200);
        assertThat(JSON.readTree(flight.body()).get("flight_number").asText()).isEqualTo("81" + i);
      }
    }
  }
}
