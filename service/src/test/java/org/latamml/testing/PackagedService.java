package org.latamml.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged service ({@code target/quarkus-app}) started as its own process on a free port, as
 * users and Cloud Run start it, with the settings a test gives; stopped on {@link #close}.
 */
public final class PackagedService implements AutoCloseable {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Process process;
  private final int port;

  private PackagedService(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Starts the service with these {@code -D} settings and waits until it is ready.
   *
   * @param log where its standard output and error go
   */
  public static PackagedService start(Path log, List<String> settings)
      throws IOException, InterruptedException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    List<String> command = JavaCommand.start();
    command.add("-Dlatam.home=..");
    command.add("-Dquarkus.http.port=" + port);
    settings.forEach(setting -> command.add("-D" + setting));
    command.addAll(List.of("-jar", Path.of("target", "quarkus-app", "quarkus-run.jar").toString()));
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    PackagedService service = new PackagedService(process, port);
    service.awaitReady();
    return service;
  }

  private void awaitReady() throws InterruptedException, IOException {
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest ready = HttpRequest.newBuilder(uri("/q/health/ready")).build();
    for (int i = 0; i < 600; i++) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the service exited with " + process.exitValue());
      }
      try {
        if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException starting) {
        // Not listening yet.
      }
      Thread.sleep(100);
    }
    close();
    throw new IllegalStateException("the service was not ready within 60 s");
  }

  /**
   * Settings for instances sharing one store: the PostgreSQL database {@code LATAM_IT_POSTGRES_URL}
   * names when the service was built for PostgreSQL (.ci/run does it after the test suite), else
   * one H2 file in {@code dir}, which the first instance serves to the others (AUTO_SERVER).
   */
  public static List<String> sharedStore(Path dir) {
    String postgres = System.getenv("LATAM_IT_POSTGRES_URL");
    if (postgres != null) {
      return List.of(
          "quarkus.profile=local",
          "latam.request-log=false",
          "latam.flights-csv=",
          "quarkus.datasource.jdbc.url=" + postgres,
          "quarkus.datasource.username=" + System.getenv("LATAM_TEST_POSTGRES_USER"),
          "quarkus.datasource.password=" + System.getenv("LATAM_TEST_POSTGRES_PASSWORD"));
    }
    return List.of(
        "quarkus.profile=local",
        "latam.request-log=false",
        "latam.flights-csv=",
        "quarkus.datasource.jdbc.url=jdbc:h2:file:" + dir.resolve("shared") + ";AUTO_SERVER=TRUE");
  }

  /** Sends {@code body} as JSON with {@code method} to {@code path}. */
  public HttpResponse<String> send(String method, String path, String body)
      throws IOException, InterruptedException {
    return CLIENT.send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** {@code GET path}, which must answer 200, as JSON. */
  public JsonNode getJson(String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        CLIENT.send(
            HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "GET " + path + ": " + response.statusCode() + " " + response.body());
    }
    return JSON.readTree(response.body());
  }

  /** Its port on 127.0.0.1. */
  public int port() {
    return port;
  }

  /** A URI of the running service. */
  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /** The process, to signal it. */
  public Process process() {
    return process;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
