package org.latamml.store;

import java.util.Locale;
import org.latamml.problem.InvalidInputProblem;

/** Reads flight ids from requests: whole numbers from 1 to 2,147,483,647, written as digits. */
public final class FlightIds {
  /** The largest id a request may name. */
  public static final long MAX = Integer.MAX_VALUE;

  private FlightIds() {}

  /**
   * The id written in {@code text}.
   *
   * @param field the request field it came from, for the problem body
   * @throws InvalidInputProblem (422) for anything but a whole number in range
   */
  public static long parse(String text, String field) {
    if (text == null || text.isBlank()) {
      throw new InvalidInputProblem(field, "is required: the flight's id, a whole number from 1");
    }
    long id = tryParse(text);
    if (id < 0) {
      throw new InvalidInputProblem(
          field,
          String.format(Locale.ROOT, "must be a flight id: a whole number from 1 to %,d", MAX));
    }
    return id;
  }

  /**
   * The id written in {@code text}, or -1 for anything {@link #parse} refuses: for hot paths that
   * hand refusals on rather than throw (no regular expression, no exception).
   */
  public static long tryParse(String text) {
    if (text == null) {
      return -1;
    }
    String digits = text.strip();
    if (digits.isEmpty() || digits.length() > 10) {
      return -1;
    }
    long id = 0;
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      id = id * 10 + (c - '0');
    }
    return id >= 1 && id <= MAX ? id : -1;
  }
}
