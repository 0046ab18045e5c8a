package org.latamml.flight;

import java.nio.file.Path;

/** A data file that cannot be read as it claims to be: names the file, line and column. */
public final class FlightDataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final long line;
  private final String column;
  private final String problem;

  /**
   * @param file the file being read
   * @param line 1-based line number in the file (the header is line 1), or 0 for the whole file
   * @param column the column's name or 1-based number, or null when the whole row is at fault
   * @param problem what is wrong, as a user would fix it
   */
  public FlightDataException(Path file, long line, String column, String problem) {
    super(describe(file, line, column, problem));
    this.line = line;
    this.column = column;
    this.problem = problem;
  }

  /** The same fault described with the file named as {@code name}, such as without its folder. */
  public String describeAs(String name) {
    return describe(Path.of(name), line, column, problem);
  }

  private static String describe(Path file, long line, String column, String problem) {
    StringBuilder where = new StringBuilder(file.toString());
    if (line > 0) {
      where.append(": line ").append(line);
    }
    if (column != null) {
      where.append(", column ").append(column);
    }
    return where.append(": ").append(problem).toString();
  }

  /** The 1-based line at fault, or 0 when the file as a whole is. */
  public long line() {
    return line;
  }
}
