package org.latamml.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The data scientists' command line ({@code ./latam train|predict|replay ...}) run as users run it:
 * its packaged jar, in a process of its own. The build packages it before the service's tests.
 */
public final class TrainingCli {
  private static final Path HOME = Path.of(System.getProperty("latam.home", ".."));
  private static final Path JAR = HOME.resolve("training/target/latam-training.jar");

  private TrainingCli() {}

  /**
   * What a run printed.
   *
   * @param exitCode its exit code
   * @param out its standard output
   * @param err its standard error
   */
  public record Run(int exitCode, String out, String err) {}

  /** A model card shipped in {@code Models/}. */
  public static Path card(String version) {
    return HOME.resolve("Models").resolve("Latam_flight_model." + version + ".json");
  }

  /**
   * {@code ./latam evaluate --json} of a shipped model on a raw flights file: its figures, as
   * {@code evaluate --json} names them.
   */
  public static com.fasterxml.jackson.databind.JsonNode evaluate(
      Path work, String version, Path flights) throws IOException, InterruptedException {
    Run evaluate =
        run(
            work,
            "evaluate",
            "--model",
            card(version).toString(),
            "--data",
            flights.toString(),
            "--json");
    assertThat(evaluate.exitCode()).as(evaluate.err()).isZero();
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(evaluate.out());
  }

  /** Runs the command line with these arguments; at most two minutes. */
  public static Run run(Path work, String... args) throws IOException, InterruptedException {
    assumeThat(JAR)
        .as("the command line's jar (./latam build, or the whole build's package phase)")
        .exists();
    List<String> command = JavaCommand.start();
    command.add("-jar");
    command.add(JAR.toAbsolutePath().toString());
    command.addAll(List.of(args));
    Path out = work.resolve("cli.out");
    Path err = work.resolve("cli.err");
    Process process =
        new ProcessBuilder(command)
            .directory(work.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("latam " + String.join(" ", args) + " ran over 2 minutes");
    }
    return new Run(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
