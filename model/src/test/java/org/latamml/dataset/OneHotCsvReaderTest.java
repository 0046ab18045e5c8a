package org.latamml.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latamml.flight.FlightDataException;

class OneHotCsvReaderTest {
  @TempDir Path dir;

  @Test
  void readsRowsAndLabels() throws IOException {
    Path x = Files.writeString(dir.resolve("x.csv"), "1,0,0\n0,0,1\n");
    Path y = Files.writeString(dir.resolve("y.csv"), "0\n1\n");

    LabelledRows rows = new OneHotCsvReader().read(x, y, 3);

    assertThat(rows.features()).isDeepEqualTo(new float[][] {{1, 0, 0}, {0, 0, 1}});
    assertThat(rows.labels()).containsExactly(0, 1);
    assertThat(rows.positives()).isEqualTo(1);
  }

  @Test
  void rejectsValueOtherThanZeroOrOneNamingLineAndColumn() throws IOException {
    Path x = Files.writeString(dir.resolve("x.csv"), "1,0,0\n0,2,1\n");
    Path y = Files.writeString(dir.resolve("y.csv"), "0\n1\n");

    assertThatThrownBy(() -> new OneHotCsvReader().read(x, y, 3))
        .isInstanceOf(FlightDataException.class)
        .hasMessage(x + ": line 2, column 2: '2' is not 0 or 1");
  }

  @Test
  void rejectsRowOfWrongWidth() throws IOException {
    Path x = Files.writeString(dir.resolve("x.csv"), "1,0\n");
    Path y = Files.writeString(dir.resolve("y.csv"), "0\n");

    assertThatThrownBy(() -> new OneHotCsvReader().read(x, y, 3))
        .hasMessageContaining("line 1: expected 3 columns, found 2");
  }

  @Test
  void rejectsLabelsThatDoNotLineUp() throws IOException {
    Path x = Files.writeString(dir.resolve("x.csv"), "1,0,0\n0,0,1\n");
    Path y = Files.writeString(dir.resolve("y.csv"), "0\n");

    assertThatThrownBy(() -> new OneHotCsvReader().read(x, y, 3))
        .hasMessageContaining("has 1 labels but");
  }
}
