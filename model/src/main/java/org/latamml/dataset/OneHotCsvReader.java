package org.latamml.dataset;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.latamml.flight.FlightDataException;

/**
 * Reads the prototype's encoded files: {@code x_*.csv} (no header, one 0/1 column per input) with
 * {@code y_*.csv} (no header, one 0/1 label per line). Every value must be 0 or 1 and the two files
 * must have the same number of rows; otherwise a {@link FlightDataException} names the line and
 * column.
 */
public final class OneHotCsvReader {

  /**
   * Reads a features file and its labels file.
   *
   * @param width how many columns each features row must have
   */
  public LabelledRows read(Path featuresFile, Path labelsFile, int width) throws IOException {
    float[][] features = readFeatures(featuresFile, width);
    int[] labels = readLabels(labelsFile);
    if (labels.length != features.length) {
      throw new FlightDataException(
          labelsFile,
          0,
          null,
          "has "
              + labels.length
              + " labels but "
              + featuresFile
              + " has "
              + features.length
              + " rows");
    }
    return new LabelledRows(features, labels);
  }

  /** Reads a features file alone, for scoring. */
  public float[][] readFeatures(Path file, int width) throws IOException {
    List<float[]> rows = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      long line = 0;
      for (String text = reader.readLine(); text != null; text = reader.readLine()) {
        line++;
        String[] cells = text.split(",", -1);
        if (cells.length != width) {
          throw new FlightDataException(
              file, line, null, "expected " + width + " columns, found " + cells.length);
        }
        float[] row = new float[width];
        for (int column = 0; column < width; column++) {
          row[column] = binary(file, line, column, cells[column]);
        }
        rows.add(row);
      }
    }
    if (rows.isEmpty()) {
      throw new FlightDataException(file, 0, null, "has no rows");
    }
    return rows.toArray(float[][]::new);
  }

  /** Reads a labels file: one 0 or 1 a line. */
  public int[] readLabels(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    int[] labels = new int[lines.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = (int) binary(file, i + 1, 0, lines.get(i));
    }
    return labels;
  }

  private static float binary(Path file, long line, int column, String cell) {
    return switch (cell.strip()) {
      case "0", "0.0" -> 0f;
      case "1", "1.0" -> 1f;
      default ->
          throw new FlightDataException(
              file, line, Integer.toString(column + 1), "'" + cell + "' is not 0 or 1");
    };
  }
}
