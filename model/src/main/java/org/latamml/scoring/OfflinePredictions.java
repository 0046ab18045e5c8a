package org.latamml.scoring;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.latamml.artifact.DelayModel;
import org.latamml.features.DepartureBoard;
import org.latamml.features.FlightField;
import org.latamml.flight.Flight;

/**
 * Scores a file's flights offline as the service scores them live: each flight's context comes from
 * the other flights of the same file (as in training), and a flight the model cannot honestly score
 * (its context window holds no departures, or it lacks a field) goes to the fallback model, when
 * one is given, as the service sends it.
 */
public final class OfflinePredictions {
  /** The output's columns. */
  public static final List<String> HEADER =
      List.of(
          "airline_code",
          "flight_number",
          "scheduled_departure",
          "probability",
          "label",
          "delayed",
          "model_version");

  /** Local times as the API writes them, seconds included. */
  private static final java.time.format.DateTimeFormatter TIME =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

  private OfflinePredictions() {}

  /**
   * One flight's prediction.
   *
   * @param flight the flight
   * @param probability probability of leaving more than 15 minutes late
   * @param delayed whether it is at or above the answering model's threshold
   * @param modelVersion the model that answered
   * @param byFallback whether the fallback model answered because the model could not
   */
  public record Row(
      Flight flight, double probability, boolean delayed, String modelVersion, boolean byFallback) {
    /** The service's wording of the label. */
    public String label() {
      return delayed ? "High delayed probability" : "Low delayed probability";
    }
  }

  /**
   * The predictions for flights, in their order.
   *
   * @param fallback the model for flights {@code model} cannot honestly score, or null to score
   *     them with {@code model} all the same
   */
  public static List<Row> predict(List<Flight> flights, DelayModel model, DelayModel fallback) {
    DepartureBoard board = DepartureBoard.of(flights);
    List<Flight> mine = new ArrayList<>();
    List<Flight> others = new ArrayList<>();
    boolean[] fallen = new boolean[flights.size()];
    for (int i = 0; i < flights.size(); i++) {
      Flight flight = flights.get(i);
      fallen[i] = fallback != null && !canScore(model, board, flight);
      (fallen[i] ? others : mine).add(flight);
    }
    var served = score(model, board, mine, false).iterator();
    var fell = score(fallback, board, others, true).iterator();
    List<Row> rows = new ArrayList<>(flights.size());
    for (boolean fell1 : fallen) {
      rows.add(fell1 ? fell.next() : served.next());
    }
    return rows;
  }

  /** Whether the model can honestly score the flight: the service's rule (Predictor). */
  static boolean canScore(DelayModel model, DepartureBoard board, Flight flight) {
    if (model.encoder().sources().contains(FlightField.DESTINATION)
        && flight.destination().isEmpty()) {
      return false;
    }
    return !model.encoder().needsContext() || board.covers(flight);
  }

  private static List<Row> score(
      DelayModel model, DepartureBoard board, List<Flight> flights, boolean byFallback) {
    if (flights.isEmpty()) {
      return List.of();
    }
    double[] probabilities = model.score(model.encoder().encodeAll(flights, board));
    List<Row> rows = new ArrayList<>(flights.size());
    for (int i = 0; i < probabilities.length; i++) {
      rows.add(
          new Row(
              flights.get(i),
              probabilities[i],
              model.isDelayed(probabilities[i]),
              model.version(),
              byFallback));
    }
    return rows;
  }

  /** Writes the predictions as CSV with a header, one line per flight. */
  public static void write(List<Row> rows, Path out) throws IOException {
    try (Writer writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8);
        CSVPrinter printer =
            new CSVPrinter(
                writer,
                CSVFormat.RFC4180
                    .builder()
                    .setHeader(HEADER.toArray(String[]::new))
                    .setRecordSeparator('\n')
                    .get())) {
      for (Row row : rows) {
        Flight flight = row.flight();
        printer.printRecord(
            flight.airlineCode(),
            flight.flightNumber(),
            TIME.format(flight.scheduledDeparture()),
            // Shortest text that reads back as the same double: parity is checked to 1e-6.
            Double.toString(row.probability()),
            row.label(),
            row.delayed() ? 1 : 0,
            row.modelVersion());
      }
    }
  }
}
