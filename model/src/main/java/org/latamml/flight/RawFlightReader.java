package org.latamml.flight;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads flights in the raw format of {@code dataset_SCL.csv}: a header of 18 named columns, then
 * one departure per row. Any malformed row stops the read with a {@link FlightDataException} naming
 * its line and column; no row is ever skipped.
 */
public final class RawFlightReader {

  /** The header the raw format must start with, in this order. */
  public static final List<String> HEADER =
      List.of(
          "Fecha-I",
          "Vlo-I",
          "Ori-I",
          "Des-I",
          "Emp-I",
          "Fecha-O",
          "Vlo-O",
          "Ori-O",
          "Des-O",
          "Emp-O",
          "DIA",
          "MES",
          "AÑO",
          "DIANOM",
          "TIPOVUELO",
          "OPERA",
          "SIGLAORI",
          "SIGLADES");

  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);

  private static final int SCHEDULED = 0;
  private static final int NUMBER = 1;
  private static final int DESTINATION = 3;
  private static final int AIRLINE_CODE = 4;
  private static final int DEPARTED = 5;
  private static final int TYPE = 14;
  private static final int AIRLINE = 15;
  private static final int CITY = 17;

  private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setTrim(false).get();

  /** Reads every flight of the file, in file order. */
  public List<Flight> readAll(Path file) throws IOException {
    List<Flight> flights = new ArrayList<>();
    read(file, flights::add);
    return flights;
  }

  /**
   * Hands every flight of the file to {@code sink}, in file order; the n-th flight handed over is
   * the file's n-th data row.
   *
   * @throws FlightDataException at the first malformed row, naming its line and column
   * @throws IOException when the file cannot be read at all
   */
  public void read(Path file, Consumer<Flight> sink) throws IOException {
    read(file, sink, false);
  }

  /**
   * Checks only that the file starts with the raw header, so that a caller can refuse a file of
   * another layout before anything else it would say of it (that the store holds another file).
   *
   * @throws FlightDataException when it does not, or is not text
   * @throws IOException when the file cannot be read at all
   */
  public void checkHeader(Path file) throws IOException {
    read(file, flight -> {}, true);
  }

  private void read(Path file, Consumer<Flight> sink, boolean headerOnly) throws IOException {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CSVParser parser = CSVParser.builder().setReader(reader).setFormat(FORMAT).get()) {
      var records = parser.iterator();
      checkHeader(file, records.hasNext() ? records.next() : null);
      long line = 1;
      while (!headerOnly && hasNext(file, records, line)) {
        CSVRecord row = records.next();
        line = row.getRecordNumber();
        sink.accept(toFlight(file, line, row));
      }
    } catch (UncheckedIOException e) {
      String why =
          e.getCause() instanceof java.nio.charset.CharacterCodingException
              ? "it is not UTF-8 text"
              : e.getCause().getMessage();
      throw new FlightDataException(file, 0, null, "not readable as CSV: " + why);
    }
  }

  private static boolean hasNext(Path file, java.util.Iterator<CSVRecord> records, long line) {
    try {
      return records.hasNext();
    } catch (UncheckedIOException e) {
      // Commons CSV reports a broken quote from the row after the last good one.
      throw new FlightDataException(
          file, line + 1, null, "not valid CSV: " + e.getCause().getMessage());
    }
  }

  private static void checkHeader(Path file, CSVRecord header) {
    if (header == null) {
      throw new FlightDataException(file, 1, null, "the file is empty; expected the header");
    }
    List<String> names = new ArrayList<>(header.toList());
    if (!names.isEmpty()) {
      names.set(0, names.get(0).replace("\uFEFF", ""));
    }
    if (!names.equals(HEADER)) {
      throw new FlightDataException(
          file,
          1,
          null,
          "expected the raw header " + String.join(",", HEADER) + "; " + differenceFrom(names));
    }
  }

  /** How a header differs from the raw one, so that the column to mend is named. */
  static String differenceFrom(List<String> names) {
    if (names.size() == 1 && names.get(0).indexOf(';') >= 0) {
      return "its columns are separated by ';', not ','";
    }
    List<String> unknown = names.stream().filter(name -> !HEADER.contains(name)).toList();
    List<String> missing = HEADER.stream().filter(name -> !names.contains(name)).toList();
    if (missing.size() == HEADER.size()
        && names.stream()
            .allMatch(name -> name.equals("0") || name.equals("1") || name.contains("_"))) {
      // The prototype's x_*.csv: rows of 0 and 1 without a header, or inputs named as
      // column_value, such as OPERA_Grupo LATAM.
      return "it holds " + names.size() + " one-hot inputs a row, as x_*.csv do, not raw flights";
    }
    List<String> parts = new ArrayList<>(2);
    if (!unknown.isEmpty()) {
      parts.add(
          some(unknown)
              + (unknown.size() == 1
                  ? " is not one of its columns"
                  : " are not among its columns"));
    }
    if (!missing.isEmpty()) {
      parts.add(some(missing) + (missing.size() == 1 ? " is missing" : " are missing"));
    }
    if (parts.isEmpty()) {
      return names.size() == HEADER.size()
          ? "found its columns in another order"
          : "found a column named twice";
    }
    return String.join(", and ", parts);
  }

  /** Up to three names, each cut to 40 characters, and how many more. */
  private static String some(List<String> names) {
    List<String> shown =
        names.stream()
            .limit(3)
            .map(name -> name.length() > 40 ? name.substring(0, 40) + "..." : name)
            .toList();
    return String.join(", ", shown)
        + (names.size() > 3 ? " and " + (names.size() - 3) + " more" : "");
  }

  private static Flight toFlight(Path file, long line, CSVRecord row) {
    if (row.size() != HEADER.size()) {
      throw new FlightDataException(
          file, line, null, "expected " + HEADER.size() + " columns, found " + row.size());
    }
    String departed = row.get(DEPARTED);
    return new Flight(
        dateTime(file, line, row, SCHEDULED),
        required(file, line, row, NUMBER),
        required(file, line, row, DESTINATION),
        required(file, line, row, AIRLINE_CODE),
        required(file, line, row, AIRLINE),
        type(file, line, row),
        row.get(CITY),
        departed.isEmpty() ? null : dateTime(file, line, row, DEPARTED));
  }

  private static String required(Path file, long line, CSVRecord row, int column) {
    String value = row.get(column).strip();
    if (value.isEmpty()) {
      throw new FlightDataException(file, line, HEADER.get(column), "must not be empty");
    }
    return value;
  }

  private static LocalDateTime dateTime(Path file, long line, CSVRecord row, int column) {
    String value = row.get(column);
    try {
      return LocalDateTime.parse(value, DATE_TIME);
    } catch (DateTimeParseException e) {
      throw new FlightDataException(
          file,
          line,
          HEADER.get(column),
          "'" + value + "' is not a date and time as yyyy-MM-dd HH:mm:ss");
    }
  }

  private static FlightType type(Path file, long line, CSVRecord row) {
    try {
      return FlightType.ofCode(row.get(TYPE));
    } catch (IllegalArgumentException e) {
      throw new FlightDataException(file, line, HEADER.get(TYPE), e.getMessage());
    }
  }
}
