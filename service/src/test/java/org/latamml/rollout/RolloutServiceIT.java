package org.latamml.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latamml.testing.FlightRequests;
import org.latamml.testing.PackagedService;

/**
 * The rollout across processes: set on one instance, served by another within five seconds and
 * after its restart; changed ten times and rolled back under load without one failed request.
 */
class RolloutServiceIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long FIVE_SECONDS = 5_000_000_000L;

  @TempDir Path dir;

  private static String canary(String champion, String challenger, double share) {
    return "{\"champion\": \""
        + champion
        + "\", \"challenger\": \""
        + challenger
        + "\", \"challenger_share\": "
        + share
        + ", \"mode\": \"canary\"}";
  }

  private static long put(PackagedService service, String rollout) throws Exception {
    HttpResponse<String> answer = service.send("PUT", "/v1/rollout", rollout);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return JSON.readTree(answer.body()).get("rollout").get("id").asLong();
  }

  private static void awaitServed(PackagedService service, long id) throws Exception {
    long start = System.nanoTime();
    while (service.getJson("/v1/rollout").get("served_here").asLong() != id) {
      assertThat(System.nanoTime() - start).as("rollout %d followed", id).isLessThan(FIVE_SECONDS);
      Thread.sleep(50);
    }
  }

  @Test
  void aRolloutSetOnOneInstanceIsServedByAnotherWithinFiveSecondsAndAfterItsRestart()
      throws Exception {
    List<String> store = PackagedService.sharedStore(dir);
    try (PackagedService first = PackagedService.start(dir.resolve("first.log"), store)) {
      long id;
      // A store shared with other tests may hold another champion than version.txt's from the
      // start.
      String championAtStart = first.getJson("/v1/rollout").get("rollout").get("champion").asText();
      try (PackagedService second = PackagedService.start(dir.resolve("second.log"), store)) {
        id = put(first, canary("1.1.0", "1.0.0", 0.5));
        awaitServed(second, id);
        HttpResponse<String> answer = second.send("POST", "/v1/predictions", flights(0, 200));
        assertThat(answer.headers().firstValue("X-Model-Version").orElseThrow().split(", "))
            .containsExactlyInAnyOrder("1.1.0", "1.0.0");
      }
      try (PackagedService restarted = PackagedService.start(dir.resolve("again.log"), store)) {
        JsonNode rollout = restarted.getJson("/v1/rollout");
        assertThat(rollout.get("served_here").asLong()).isEqualTo(id);
        assertThat(rollout.get("rollout").get("challenger").asText()).isEqualTo("1.0.0");
      }
      // The project's version file (the services' home is "..") no longer chooses, and a restart
      // says so; an instance whose store serves what the file names says nothing.
      String named = Files.readString(Path.of("..", "version.txt")).strip();
      assertThat(Files.readString(dir.resolve("again.log")))
          .contains(
              "version.txt names " + named + ", but the store's rollout #" + id + " has 1.1.0")
          .doesNotContain("roll " + named + " out");
      if (championAtStart.equals(named)) {
        assertThat(Files.readString(dir.resolve("second.log")))
            .doesNotContain("but the store's rollout #");
      } else {
        assertThat(Files.readString(dir.resolve("second.log")))
            .contains("version.txt names " + named + ", but the store's rollout #");
      }
      // The first instance goes back to 1.1.0 alone, for whoever shares the store next.
      put(first, "{\"champion\": \"1.1.0\"}");
    }
  }

  /** {@code count} distinct flights, from {@code first}, as a /v1/predictions body. */
  private static String flights(int first, int count) throws Exception {
    return JSON.writeValueAsString(Map.of("flights", FlightRequests.distinct(first, count)));
  }

  @Test
  void tenRolloutChangesAndARollbackUnderLoadFailNoRequest() throws Exception {
    Path home = Path.of(System.getProperty("latam.home", "..")).toAbsolutePath();
    List<String> settings =
        List.of(
            "quarkus.profile=local",
            "latam.request-log=false",
            "latam.flights-csv=",
            "quarkus.datasource.jdbc.url=jdbc:h2:file:" + dir.resolve("load") + ";AUTO_SERVER=TRUE",
            "latam.models-dir=" + home.resolve("Models"),
            "latam.version-file=" + Files.writeString(dir.resolve("version.txt"), "1.1.0\n"));
    List<String> rollouts =
        List.of(
            canary("1.1.0", "1.0.0", 0.1),
            canary("1.1.0", "1.0.0", 0.5),
            "{\"champion\": \"1.0.0\"}",
            "{\"champion\": \"1.0.0\", \"challenger\": \"1.1.0\", \"mode\": \"shadow\"}",
            canary("1.0.0", "2.0.0", 0.3),
            "{\"champion\": \"2.0.0\"}",
            "{\"champion\": \"1.1.0\", \"challenger\": \"2.0.0\", \"mode\": \"shadow\"}",
            canary("1.1.0", "1.0.0", 0.9),
            "{\"champion\": \"1.0.0\"}",
            "{\"champion\": \"1.1.0\"}");
    try (PackagedService service = PackagedService.start(dir.resolve("load.log"), settings)) {
      AtomicBoolean loading = new AtomicBoolean(true);
      LongAdder answered = new LongAdder();
      Map<String, Integer> failures = new ConcurrentHashMap<>();
      Set<String> versions = ConcurrentHashMap.newKeySet();
      AtomicInteger next = new AtomicInteger();
      List<java.util.concurrent.Future<Object>> connections = new java.util.ArrayList<>();
      try (ExecutorService load = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int connection = 0; connection < 64; connection++) {
          connections.add(
              load.submit(() -> {
                while (loading.get()) {
                  HttpResponse<String> answer =
                      service.send("POST", "/v1/predictions", flights(next.getAndAdd(5), 5));
                  if (answer.statusCode() == 200) {
                    answered.increment();
                    JSON.readTree(answer.body())
                        .get("predictions")
                        .forEach(p -> versions.add(p.get("model_version").asText()));
                  } else {
                    failures.merge(answer.statusCode() + " " + answer.body(), 1, Integer::sum);
                  }
                }
                return null;
              }));
        }
        Thread.sleep(1_000);
        for (String rollout : rollouts) {
          put(service, rollout);
          Thread.sleep(400);
        }
        HttpResponse<String> back = service.send("POST", "/v1/rollout/rollback", "");
        assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
        Thread.sleep(1_000);
        loading.set(false);
      }
      for (var connection : connections) {
        // A request that could not be sent at all fails the test here, with its reason.
        connection.get();
      }

      assertThat(failures).isEmpty();
      assertThat(answered.sum()).isGreaterThan(1_000);
      assertThat(versions).isSubsetOf("1.0.0", "1.1.0", "2.0.0").contains("1.0.0", "1.1.0");
      assertThat(service.getJson("/v1/rollout").get("rollout").get("champion").asText())
          .isEqualTo("1.0.0");
      assertThat(Files.readString(dir.resolve("load.log"))).doesNotContain("is closed");
    }
  }
}
