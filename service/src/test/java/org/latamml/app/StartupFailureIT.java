package org.latamml.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged service refuses to start on a missing or corrupt model, in one line, exit 2. */
class StartupFailureIT {
  @TempDir Path dir;

  private record Exit(int code, List<String> stderr) {}

  private Exit start(Path models, String version, String... settings)
      throws IOException, InterruptedException {
    Files.writeString(dir.resolve("version.txt"), version);
    Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
    List<String> command = org.latamml.testing.JavaCommand.start();
    command.addAll(
        List.of(
            "-Dlatam.models-dir=" + models,
            "-Dlatam.version-file=" + dir.resolve("version.txt"),
            "-Dquarkus.http.port=0",
            "-Dquarkus.datasource.jdbc.url=jdbc:h2:mem:startup"));
    command.addAll(List.of(settings));
    command.addAll(List.of("-jar", jar.toString()));
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(false)
            .redirectOutput(dir.resolve("out.log").toFile())
            .start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the service stops by itself").isTrue();
    List<String> stderr =
        new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)
            .lines()
            .filter(line -> !line.isBlank() && !line.startsWith("WARNING:"))
            .toList();
    return new Exit(process.exitValue(), stderr);
  }

  @Test
  void productionRefusesToStartWithoutAuthenticationSettingsInOneLine() throws Exception {
    Exit exit = start(Path.of("..", "Models").toAbsolutePath(), "1.0.0", "-Dquarkus.profile=prod");

    assertThat(exit.code()).isEqualTo(2);
    assertThat(exit.stderr()).hasSize(1);
    assertThat(exit.stderr().get(0))
        .contains("latam.auth.mode=required, but no OIDC issuer and no API key is configured");
  }

  @Test
  void aStoreUrlOfAnotherDatabaseStopsTheStartInOneLine() throws Exception {
    Exit exit =
        start(
            Path.of("..", "Models").toAbsolutePath(),
            "1.0.0",
            "-Dquarkus.datasource.jdbc.url=jdbc:postgresql://127.0.0.1:1/flights?password=SECRET");

    assertThat(exit.code()).isEqualTo(2);
    assertThat(exit.stderr()).hasSize(1);
    assertThat(exit.stderr().get(0))
        .contains("QUARKUS_DATASOURCE_JDBC_URL must be a jdbc:h2: URL")
        .contains("it is a jdbc:postgresql: URL")
        .doesNotContain("SECRET");
  }

  @Test
  void tokensWithoutSignaturesAreTakenOnlyBehindCloudRunsCheckOfGooglesTokens() throws Exception {
    String[] oidc = {
      "-Dquarkus.profile=prod",
      "-Dlatam.auth.oidc.verified-by-cloud-run=true",
      "-Dlatam.auth.oidc.audience=https://latam.example",
      "-Dlatam.auth.oidc.jwks-url=https://www.googleapis.com/oauth2/v3/certs"
    };
    Path models = Path.of("..", "Models").toAbsolutePath();
    String[] google = java.util.Arrays.copyOf(oidc, oidc.length + 1);
    google[oidc.length] = "-Dlatam.auth.oidc.issuer=https://accounts.google.com";
    String[] other = java.util.Arrays.copyOf(oidc, oidc.length + 1);
    other[oidc.length] = "-Dlatam.auth.oidc.issuer=https://securetoken.google.com/latam";

    Exit offCloudRun = start(models, "1.0.0", google);
    Exit otherIssuer = start(models, "1.0.0", other);

    assertThat(offCloudRun.code()).isEqualTo(2);
    assertThat(offCloudRun.stderr()).hasSize(1);
    assertThat(offCloudRun.stderr().get(0)).contains("this is not Cloud Run (no K_SERVICE)");
    assertThat(otherIssuer.code()).isEqualTo(2);
    assertThat(otherIssuer.stderr()).hasSize(1);
    assertThat(otherIssuer.stderr().get(0))
        .contains("the issuer must be https://accounts.google.com");
  }

  @Test
  void openAuthenticationIsRefusedOutsideTheLocalProfileInOneLine() throws Exception {
    for (String profile : List.of("prod", "staging")) {
      Exit exit =
          start(
              Path.of("..", "Models").toAbsolutePath(),
              "1.0.0",
              "-Dquarkus.profile=" + profile,
              "-Dlatam.auth.mode=open");

      assertThat(exit.code()).as(profile).isEqualTo(2);
      assertThat(exit.stderr()).as(profile).hasSize(1);
      assertThat(exit.stderr().get(0))
          .contains("latam.auth.mode=open (LATAM_AUTH_MODE) is allowed only in the local profile");
    }
  }

  @Test
  void aReadTimeoutNoLongerThanTheBodysDeadlineStopsTheStartInOneLine() throws Exception {
    Exit exit =
        start(
            Path.of("..", "Models").toAbsolutePath(),
            "1.0.0",
            "-Dlatam.body-timeout=20s",
            "-Dquarkus.http.read-timeout=20s");

    assertThat(exit.code()).isEqualTo(2);
    assertThat(exit.stderr()).hasSize(1);
    assertThat(exit.stderr().get(0))
        .contains(
            "QUARKUS_HTTP_READ_TIMEOUT (PT20S) must be longer than LATAM_BODY_TIMEOUT (PT20S)");
  }

  @Test
  void aMisspeltSettingStopsTheStartNamingIt() throws Exception {
    Exit exit = start(Path.of("..", "Models").toAbsolutePath(), "1.0.0", "-Dlatam.max-in-fligt=5");

    assertThat(exit.code()).isNotZero();
    assertThat(String.join("\n", exit.stderr())).contains("latam.max-in-fligt");
  }

  @Test
  void missingModelVersionStopsTheStartInOneLine() throws Exception {
    Exit exit = start(Path.of("..", "Models").toAbsolutePath(), "9.9.9");

    assertThat(exit.code()).isEqualTo(2);
    assertThat(exit.stderr()).hasSize(1);
    assertThat(exit.stderr().get(0))
        .contains("model 9.9.9 has no card in the model store")
        .contains("(the model store: ")
        .contains("Models");
  }

  @Test
  void corruptModelFileStopsTheStartInOneLine() throws Exception {
    Path models = Files.createDirectories(dir.resolve("Models"));
    Path shipped = Path.of("..", "Models");
    Files.copy(
        shipped.resolve("Latam_flight_model.1.0.0.json"),
        models.resolve("Latam_flight_model.1.0.0.json"));
    Files.writeString(models.resolve("Latam_flight_model.1.0.0.onnx"), "not a model");

    Exit exit = start(models, "1.0.0");

    assertThat(exit.code()).isEqualTo(2);
    assertThat(exit.stderr()).hasSize(1);
    assertThat(exit.stderr().get(0)).contains("is not a valid ONNX model");
  }
}
