package org.latamml.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import org.latamml.flight.Flight;
import org.latamml.flight.LocalTimes;
import org.latamml.flight.RawFlightReader;
import org.latamml.replay.Replay;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code latam replay}: a recorded period fed through the service's API as it happened. */
@Command(
    name = "replay",
    sortOptions = false,
    mixinStandardHelpOptions = false,
    description =
        "Feed a raw-format file's flights to a running service as they happened: each day's "
            + "schedule at 18:00 the day before (POST /v1/flights), each departure at its actual time "
            + "(POST /v1/departures), on a clock sped up --speed times.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:replayed",
      "1:the service refused a batch or could not be reached",
      "2:bad arguments or data"
    })
public final class ReplayCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "show this help and exit")
  boolean help;

  @Parameters(index = "0", paramLabel = "RAW_CSV", description = "raw-format flights file")
  Path file;

  @Option(
      names = "--url",
      required = true,
      description = "the service, such as http://127.0.0.1:8000")
  URI url;

  @Option(
      names = "--from",
      description =
          "replay flights scheduled from this local time (2017-03-01 or 2017-03-01T06:00)")
  String from;

  @Option(names = "--to", description = "and before this one")
  String to;

  @Option(
      names = "--speed",
      defaultValue = "60",
      description =
          "times faster than real time, or max; default ${DEFAULT-VALUE} (an hour a minute)")
  String speed;

  @Option(
      names = "--predict",
      description =
          "also ask the predictions of each day's flights when its schedule is published (POST"
              + " /v1/predictions), so that the service's live quality can be read afterwards")
  boolean predict;

  @Option(
      names = "--credential",
      description =
          "a feeder's or admin's API key or ID token, sent as a bearer credential (or"
              + " LATAM_CREDENTIAL, which other users of the machine cannot read from ps)")
  String credential;

  @Override
  public Integer call() throws Exception {
    double factor = speed(speed);
    LocalDateTime start = time("--from", from);
    LocalDateTime end = time("--to", to);
    List<Flight> flights =
        new RawFlightReader()
            .readAll(file).stream()
                .filter(f -> start == null || !f.scheduledDeparture().isBefore(start))
                .filter(f -> end == null || f.scheduledDeparture().isBefore(end))
                .toList();
    if (flights.isEmpty()) {
      throw new IllegalArgumentException("no flight of " + file + " is scheduled in that period");
    }
    Replay.Result result =
        new Replay(
                url,
                credential != null ? credential : System.getenv("LATAM_CREDENTIAL"),
                factor,
                predict,
                new ConsoleProgress())
            .run(flights);
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "replayed %,d flights and %,d departures%s in %,d requests, %.1f s: %,.0f events/s;"
            + " the replayed clock reached %s%n",
        result.flights(),
        result.departures(),
        predict ? String.format(", the predictions of %,d flights asked", result.predicted()) : "",
        result.requests(),
        result.seconds(),
        result.eventsPerSecond(),
        result.reached());
    out.flush();
    return 0;
  }

  private static double speed(String text) {
    if (text.equalsIgnoreCase("max")) {
      return Double.POSITIVE_INFINITY;
    }
    try {
      double factor = Double.parseDouble(text);
      if (factor > 0 && Double.isFinite(factor)) {
        return factor;
      }
    } catch (NumberFormatException e) {
      // Answered below.
    }
    throw new IllegalArgumentException("--speed must be a number above 0 or max, got " + text);
  }

  private static LocalDateTime time(String option, String text) {
    if (text == null) {
      return null;
    }
    try {
      return LocalTimes.parseDateOrTime(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          option + " must be a date or a local time such as 2017-03-01T06:00, got " + text);
    }
  }
}
