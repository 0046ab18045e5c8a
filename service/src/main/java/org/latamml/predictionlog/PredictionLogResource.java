package org.latamml.predictionlog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.latamml.auth.Roles;
import org.latamml.features.FlightContext;
import org.latamml.features.FlightField;
import org.latamml.flight.LocalTimes;
import org.latamml.problem.InvalidInputProblem;
import org.latamml.registry.ModelVersions;

/**
 * {@code GET /v1/predictions/log} (admin): the predictions made, served and shadow, as JSON (at
 * most {@code limit}) or, with {@code Accept: text/csv}, every one as CSV for analysis.
 */
@Tag(
    name = "Prediction log",
    description = "The predictions made, each with its model version and inputs")
@RolesAllowed(Roles.ADMIN)
@Path("/v1/predictions/log")
public class PredictionLogResource {
  /** The most entries one JSON answer holds. */
  static final int MAX_LIMIT = 10_000;

  static final int DEFAULT_LIMIT = 1_000;

  // What a model reads of other flights, by the names model cards give those inputs.
  private static final List<String> CONTEXT_FIELDS =
      FlightField.contextFields().stream().map(FlightField::key).toList();

  private static final String CSV_HEADER =
      "logged_at,request_id,route,flight_id,airline_code,airline,flight_number,"
          + "scheduled_departure,"
          + "model_version,probability,delayed,shadow,fallback,input_digest,destination,flight_type,"
          + String.join(",", CONTEXT_FIELDS)
          + "\n";

  private final PredictionLogReader reader;

  PredictionLogResource(PredictionLogReader reader) {
    this.reader = reader;
  }

  /**
   * One logged prediction.
   *
   * @param loggedAt when it was made, UTC
   * @param requestId the request's {@code X-Request-Id}; absent where the request log is off
   * @param route the route that asked
   * @param flightId the stored flight's id; absent for a flight described by its features
   * @param airlineCode a stored flight's airline code; absent for a flight described by its
   *     features
   * @param airline the operating airline
   * @param flightNumber its number; absent when the request gave none
   * @param scheduledDeparture its local scheduled departure
   * @param modelVersion the version that scored it
   * @param probability its probability of delay
   * @param delayed its label
   * @param shadow true for a shadow challenger's prediction, never returned
   * @param fallback true when the fallback model answered for the version the rollout chose
   * @param inputDigest a 64-bit digest of the model's input row, in hex
   * @param destination its destination as the model read it; absent when not given, and from
   *     entries logged before inputs were
   * @param flightType {@code I} or {@code N}; absent from entries logged before inputs were
   * @param context what the model read of other flights, by input name; absent for a model that
   *     reads none
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Entry(
      Instant loggedAt,
      @JsonInclude(JsonInclude.Include.NON_NULL) String requestId,
      String route,
      @JsonInclude(JsonInclude.Include.NON_NULL) Long flightId,
      @JsonInclude(JsonInclude.Include.NON_NULL) String airlineCode,
      String airline,
      @JsonInclude(JsonInclude.Include.NON_NULL) String flightNumber,
      LocalDateTime scheduledDeparture,
      String modelVersion,
      double probability,
      boolean delayed,
      boolean shadow,
      boolean fallback,
      String inputDigest,
      @JsonInclude(JsonInclude.Include.NON_NULL) String destination,
      @JsonInclude(JsonInclude.Include.NON_NULL) String flightType,
      @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Number> context) {

    static Entry of(LoggedPrediction logged) {
      return new Entry(
          Instant.ofEpochMilli(logged.loggedAtMillis()),
          logged.requestId(),
          logged.route(),
          logged.flightId() > 0 ? logged.flightId() : null,
          logged.airlineCode(),
          logged.airline(),
          logged.flightNumber(),
          logged.scheduledDeparture(),
          logged.modelVersion(),
          logged.probability(),
          logged.delayed(),
          logged.shadow(),
          logged.fallback(),
          logged.digestHex(),
          logged.destination(),
          logged.flightType(),
          contextOf(logged.context()));
    }
  }

  /** A context by its inputs' names, in the order of {@link #CONTEXT_FIELDS}; null for none. */
  static Map<String, Number> contextOf(FlightContext context) {
    if (context == null) {
      return null;
    }
    List<Number> values = contextValues(context);
    Map<String, Number> named = new LinkedHashMap<>();
    for (int i = 0; i < values.size(); i++) {
      named.put(CONTEXT_FIELDS.get(i), values.get(i));
    }
    return named;
  }

  // As the model reads them, floats; whole values (the counts) written as integers.
  private static List<Number> contextValues(FlightContext context) {
    return FlightField.contextFields().stream()
        .map(field -> {
          float value = (float) field.valueIn(context);
          return value == Math.rint(value) ? (Number) (long) value : (Number) value;
        })
        .toList();
  }

  /**
   * The log's entries.
   *
   * @param from the first time read, UTC
   * @param to the end of the time read, UTC, exclusive
   * @param entries the entries, oldest first
   * @param truncated whether more entries matched than {@code limit}: the page then holds the
   *     segments read first, each instance's in turn, not the oldest entries (asking again from the
   *     last entry's time would skip some): narrow the time, or ask for CSV
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Page(Instant from, Instant to, List<Entry> entries, boolean truncated) {}

  @GET
  @Produces({MediaType.APPLICATION_JSON, "text/csv"})
  @APIResponse(
      responseCode = "200",
      description = "the entries: a page as JSON, or every one as CSV with Accept: text/csv",
      content = {
        @Content(
            mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Page.class)),
        @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING))
      })
  @Operation(
      operationId = "readPredictionLog",
      summary =
          "The predictions made (served and shadow), oldest first: JSON, or every one as CSV"
              + " with Accept: text/csv")
  public Response read(
      @jakarta.ws.rs.core.Context jakarta.ws.rs.core.HttpHeaders headers,
      @Parameter(
              description =
                  "UTC time to read from, such as 2026-12-01T14:00:00Z (default: an hour before"
                      + " to)")
          @QueryParam("from")
          String from,
      @Parameter(description = "UTC time to read to, exclusive (default: now)") @QueryParam("to")
          String to,
      @Parameter(description = "a stored flight's id, or airline code and number as LAN:730")
          @QueryParam("flight")
          String flight,
      @Parameter(description = "only this version's predictions, such as 2.0.0")
          @QueryParam("model_version")
          String modelVersion,
      @Parameter(
              description =
                  "JSON: the most entries answered, 1 to 10,000 (default 1,000); CSV exports every"
                      + " entry",
              schema =
                  @Schema(
                      type = SchemaType.INTEGER,
                      minimum = "1",
                      maximum = "" + MAX_LIMIT,
                      defaultValue = "" + DEFAULT_LIMIT))
          @QueryParam("limit")
          String limit) {
    PredictionLogQuery query = query(from, to, flight, modelVersion);
    // Checked for CSV too, which exports every entry: a bad limit is a mistake either way.
    int most = limit(limit);
    if (wantsCsv(headers.getAcceptableMediaTypes())) {
      return export(query);
    }
    List<Entry> entries = new ArrayList<>();
    reader.read(query, most + 1, logged -> entries.add(Entry.of(logged)));
    boolean truncated = entries.size() > most;
    return Response.ok(
            new Page(
                query.from(),
                query.to(),
                truncated ? entries.subList(0, most) : entries,
                truncated),
            MediaType.APPLICATION_JSON_TYPE)
        .build();
  }

  /** CSV only when asked for by name: a caller accepting anything gets JSON. */
  static boolean wantsCsv(List<MediaType> acceptable) {
    for (MediaType type : acceptable) {
      if (type.getType().equals("text") && type.getSubtype().equals("csv")) {
        return true;
      }
      if (type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
        return false;
      }
    }
    return false;
  }

  private Response export(PredictionLogQuery query) {
    StreamingOutput csv =
        output -> {
          BufferedWriter out =
              new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8), 65_536);
          out.write(CSV_HEADER);
          reader.read(
              query,
              Integer.MAX_VALUE,
              logged -> {
                try {
                  out.write(csvLine(logged));
                } catch (java.io.IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
          out.flush();
        };
    return Response.ok(csv, "text/csv; charset=utf-8")
        .header(
            "Content-Disposition", "attachment; filename=\"predictions-" + query.from() + ".csv\"")
        .build();
  }

  /**
   * One CSV line: callers' text quoted where it holds a comma, quote or line break, or would be
   * read as a formula ({@link #quoted}); ids are tokens, codes are short.
   */
  static String csvLine(LoggedPrediction logged) {
    return Instant.ofEpochMilli(logged.loggedAtMillis())
        + ","
        + nullToEmpty(logged.requestId())
        + ","
        + logged.route()
        + ","
        + (logged.flightId() > 0 ? Long.toString(logged.flightId()) : "")
        + ","
        + quoted(nullToEmpty(logged.airlineCode()))
        + ","
        + quoted(logged.airline())
        + ","
        + quoted(nullToEmpty(logged.flightNumber()))
        + ","
        // To its second, as the log's JSON page writes it: LocalDateTime's own text leaves out the
        // seconds of a time on the minute.
        + DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(logged.scheduledDeparture())
        + ","
        + logged.modelVersion()
        + ","
        + logged.probability()
        + ","
        + logged.delayed()
        + ","
        + logged.shadow()
        + ","
        + logged.fallback()
        + ","
        + logged.digestHex()
        + ","
        + quoted(nullToEmpty(logged.destination()))
        + ","
        + nullToEmpty(logged.flightType())
        + ","
        + (logged.context() == null
            ? ",".repeat(CONTEXT_FIELDS.size() - 1)
            : String.join(
                ",", contextValues(logged.context()).stream().map(String::valueOf).toList()))
        + "\n";
  }

  private static String nullToEmpty(String text) {
    return text == null ? "" : text;
  }

  /**
   * Text from callers, quoted when it would break the line, and taken as text by a spreadsheet: a
   * cell that begins as a formula does ({@code =}, {@code +}, {@code -}, {@code @}, a tab or a
   * carriage return, OWASP's list) gets a leading apostrophe, which spreadsheets hide, so that an
   * airline sent as {@code =HYPERLINK(...)} is not run on the reader's machine.
   */
  static String quoted(String text) {
    String cell = !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
    if (cell.indexOf(',') < 0
        && cell.indexOf('"') < 0
        && cell.indexOf('\n') < 0
        && cell.indexOf('\r') < 0) {
      return cell;
    }
    return '"' + cell.replace("\"", "\"\"") + '"';
  }

  private static final Instant EARLIEST = LocalTimes.EARLIEST.toInstant(ZoneOffset.UTC);
  private static final Instant LATEST = LocalTimes.LATEST.toInstant(ZoneOffset.UTC);

  static PredictionLogQuery query(String from, String to, String flight, String modelVersion) {
    Instant end = time("to", to, Instant.now());
    Instant start = time("from", from, end.minus(Duration.ofHours(1)));
    if (!start.isBefore(end)) {
      throw new InvalidInputProblem(
          "from", to == null || to.isBlank() ? "must be before now" : "must be before to");
    }
    long flightId = 0;
    String airline = null;
    String number = null;
    if (flight != null && !flight.isBlank()) {
      String given = flight.strip();
      int colon = given.indexOf(':');
      if (given.chars().allMatch(Character::isDigit)
          && given.length() <= 18
          && Long.parseLong(given) > 0) {
        flightId = Long.parseLong(given);
      } else if (colon > 0 && colon < given.length() - 1) {
        airline = given.substring(0, colon);
        number = given.substring(colon + 1);
      } else {
        throw new InvalidInputProblem(
            "flight", "must be a stored flight's id, or airline code and number such as LAN:730");
      }
    }
    String version =
        modelVersion == null || modelVersion.isBlank()
            ? null
            : ModelVersions.checked("model_version", modelVersion.strip());
    return new PredictionLogQuery(start, end, flightId, airline, number, version);
  }

  private static Instant time(String name, String text, Instant otherwise) {
    if (text == null || text.isBlank()) {
      return otherwise;
    }
    String given = text.strip();
    Instant time;
    try {
      time = Instant.parse(given);
    } catch (DateTimeParseException e) {
      // A time without a zone is read as UTC, as the log keeps it; a date as its midnight.
      try {
        time = LocalTimes.parseDateOrTime(given).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException notADate) {
        throw new InvalidInputProblem(
            name, "must be a UTC time such as 2026-12-01T14:00:00Z, or a date such as 2026-12-01");
      }
    }
    // The log's times are milliseconds since 1970: a year such as -999999999 has none.
    if (time.isBefore(EARLIEST) || !time.isBefore(LATEST)) {
      throw new InvalidInputProblem(name, "must be a time in the years 1990 to 2099");
    }
    return time;
  }

  private static int limit(String text) {
    if (text == null || text.isBlank()) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(text.strip());
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // Answered below.
    }
    throw new InvalidInputProblem(
        "limit", String.format(Locale.ROOT, "must be a whole number from 1 to %,d", MAX_LIMIT));
  }
}
