package org.latamml.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latamml.fixtures.FlightFixtures;
import org.latamml.fixtures.SharedData;

class RawFlightReaderTest {
  @TempDir Path dir;

  private Path write(String... dataLines) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add(String.join(",", RawFlightReader.HEADER));
    lines.addAll(List.of(dataLines));
    return Files.write(dir.resolve("flights.csv"), lines, StandardCharsets.UTF_8);
  }

  private static String good() {
    return FlightFixtures.rawLine(FlightFixtures.flight().late(20).build());
  }

  @Test
  void readsEveryRowInFileOrderWithQuotedCommas() throws IOException {
    Flight first = FlightFixtures.flight().number("1").late(20).build();
    Flight second = FlightFixtures.flight().number("2").late(3).build();
    Path file = FlightFixtures.writeRaw(dir.resolve("f.csv"), List.of(first, second));

    List<Flight> flights = new RawFlightReader().readAll(file);

    assertThat(flights).containsExactly(first, second);
    assertThat(flights.get(0).isDelayed()).isTrue();
    assertThat(flights.get(1).isDelayed()).isFalse();
  }

  @Test
  void delayedMeansMoreThanFifteenMinutesLate() {
    assertThat(FlightFixtures.flight().late(15).build().isDelayed()).isFalse();
    assertThat(FlightFixtures.flight().late(16).build().isDelayed()).isTrue();
  }

  @Test
  void emptyActualDepartureMeansNotDepartedYet() throws IOException {
    Path file =
        FlightFixtures.writeRaw(
            dir.resolve("f.csv"), List.of(FlightFixtures.flight().notDeparted().build()));

    Flight flight = new RawFlightReader().readAll(file).get(0);

    assertThat(flight.hasDeparted()).isFalse();
    assertThatThrownBy(flight::isDelayed).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void rejectsBadDateNamingFileLineAndColumn() throws IOException {
    Path file = write(good(), good().replaceFirst("2017-03-01 10:00:00", "2017-13-01 10:00:00"));

    assertThatThrownBy(() -> new RawFlightReader().readAll(file))
        .isInstanceOf(FlightDataException.class)
        .hasMessage(
            file
                + ": line 3, column Fecha-I: '2017-13-01 10:00:00' is not a date and time as yyyy-MM-dd HH:mm:ss")
        .satisfies(e -> assertThat(((FlightDataException) e).line()).isEqualTo(3));
  }

  @Test
  void rejectsUnknownFlightType() throws IOException {
    Path file = write(good().replace(",I,Grupo", ",X,Grupo"));

    assertThatThrownBy(() -> new RawFlightReader().readAll(file))
        .hasMessageContaining("line 2, column TIPOVUELO")
        .hasMessageContaining("'X'");
  }

  @Test
  void rejectsRowWithMissingColumns() throws IOException {
    Path file = write(good(), "2017-03-01 10:00:00,226,SCEL");

    assertThatThrownBy(() -> new RawFlightReader().readAll(file))
        .hasMessageContaining("line 3")
        .hasMessageContaining("expected 18 columns, found 3");
  }

  @Test
  void rejectsEmptyAirline() throws IOException {
    Path file = write(good().replace("Grupo LATAM", ""));

    assertThatThrownBy(() -> new RawFlightReader().readAll(file))
        .hasMessageContaining("line 2, column OPERA: must not be empty");
  }

  @Test
  void rejectsFileWithoutRawHeader() throws IOException {
    Path file = Files.writeString(dir.resolve("x.csv"), "0,1,0\n1,0,0\n");

    assertThatThrownBy(() -> new RawFlightReader().readAll(file))
        .hasMessageContaining("line 1")
        .hasMessageContaining("expected the raw header");
  }

  @Test
  void aWrongHeaderNamesTheColumnsToMend() {
    List<String> renamed = new ArrayList<>(RawFlightReader.HEADER);
    renamed.set(renamed.indexOf("OPERA"), "OPERADOR");
    List<String> dropped = new ArrayList<>(RawFlightReader.HEADER);
    dropped.remove("SIGLADES");
    List<String> swapped = new ArrayList<>(RawFlightReader.HEADER);
    java.util.Collections.swap(swapped, 0, 1);
    List<String> oneHot = new ArrayList<>();
    for (int i = 0; i < 37; i++) {
      oneHot.add("OPERA_Airline " + i);
    }

    assertThat(RawFlightReader.differenceFrom(renamed))
        .isEqualTo("OPERADOR is not one of its columns, and OPERA is missing");
    assertThat(RawFlightReader.differenceFrom(dropped)).isEqualTo("SIGLADES is missing");
    assertThat(RawFlightReader.differenceFrom(swapped))
        .isEqualTo("found its columns in another order");
    assertThat(RawFlightReader.differenceFrom(List.of(String.join(";", RawFlightReader.HEADER))))
        .isEqualTo("its columns are separated by ';', not ','");
    assertThat(RawFlightReader.differenceFrom(oneHot))
        .isEqualTo("it holds 37 one-hot inputs a row, as x_*.csv do, not raw flights");
    assertThat(RawFlightReader.differenceFrom(List.of("0", "1", "0")))
        .isEqualTo("it holds 3 one-hot inputs a row, as x_*.csv do, not raw flights");
    assertThat(RawFlightReader.differenceFrom(List.of("Fecha", "Vuelo")))
        .isEqualTo(
            "Fecha, Vuelo are not among its columns, and Fecha-I, Vlo-I, Ori-I and 15 more are missing");
  }

  @Test
  void rejectsAFileThatIsNotUtf8TextSayingSo() throws IOException {
    Path file = write(good());
    // A byte no UTF-8 text holds, after the header and a good row.
    byte[] text = Files.readAllBytes(file);
    byte[] bytes = java.util.Arrays.copyOf(text, text.length + 1);
    bytes[text.length] = (byte) 0xFF;
    Files.write(file, bytes);

    assertThatThrownBy(() -> new RawFlightReader().readAll(file))
        .hasMessageContaining("not readable as CSV: it is not UTF-8 text")
        .hasMessageNotContaining("java.");
  }

  @Test
  void rejectsBrokenQuoteWithItsLine() throws IOException {
    Path file = write(good(), good().replace("\"Buenos Aires\"", "\"Buenos Aires"));

    assertThatThrownBy(() -> new RawFlightReader().readAll(file))
        .isInstanceOf(FlightDataException.class)
        .hasMessageContaining("line 3");
  }

  @Test
  void readsTheRealDatasetWithItsPublishedCounts() throws IOException {
    Path file = SharedData.require("raw/dataset_SCL.csv");

    List<Flight> flights = new RawFlightReader().readAll(file);

    assertThat(flights).hasSize(68_206);
    assertThat(flights.stream().filter(Flight::isDelayed).count()).isEqualTo(12_614);
    assertThat(flights.stream().filter(f -> f.type() == FlightType.NATIONAL).count())
        .isEqualTo(36_966);
  }
}
