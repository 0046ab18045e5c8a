package org.latamml.store;

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
    String digits = text.strip();
    if (!digits.matches("[0-9]{1,10}")) {
      throw new InvalidInputProblem(field, "must be a flight id: a whole number from 1 to " + MAX);
    }
    long id = Long.parseLong(digits);
    if (id < 1 || id > MAX) {
      throw new InvalidInputProblem(field, "must be a flight id: a whole number from 1 to " + MAX);
    }
    return id;
  }
}
