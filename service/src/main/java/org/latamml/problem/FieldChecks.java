package org.latamml.problem;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import org.latamml.flight.LocalTimes;

/**
 * The checks every route makes of a flight's fields, each naming the field it refuses as {@code
 * prefix.name} (the name is made only for a refusal: a batch checks thousands of valid fields).
 */
public final class FieldChecks {
  private FieldChecks() {}

  /**
   * What is wrong with a request's {@code count} of {@code items} (flights, items...) where it may
   * hold 1 to {@code max}, written as the README writes limits ("must hold 1 to 1,000 flights, got
   * 1,001"); null when nothing is.
   */
  public static String countOutOfRange(int count, int max, String items) {
    return count >= 1 && count <= max
        ? null
        : String.format(Locale.ROOT, "must hold 1 to %,d %s, got %,d", max, items, count);
  }

  private static void refuse(
      List<Problem.FieldError> errors, String prefix, String name, String message) {
    errors.add(new Problem.FieldError(prefix + "." + name, message));
  }

  /** A text field: present when required, not blank, at most {@code max} characters, clean. */
  public static void text(
      List<Problem.FieldError> errors,
      String prefix,
      String name,
      String value,
      int max,
      boolean required) {
    if (value == null || value.isBlank()) {
      if (required) {
        refuse(errors, prefix, name, "is required");
      }
    } else if (value.length() > max) {
      refuse(errors, prefix, name, "must be at most " + max + " characters");
    } else if (Character.isWhitespace(value.charAt(0))
        || Character.isWhitespace(value.charAt(value.length() - 1))) {
      refuse(errors, prefix, name, "must not begin or end with white space");
    } else if (hasControl(value)) {
      refuse(errors, prefix, name, "must not hold control characters");
    }
  }

  // A loop rather than a stream: it runs for every field of every flight of a batch.
  private static boolean hasControl(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /** A local time: present when required, in the years {@link LocalTimes} takes. */
  public static void time(
      List<Problem.FieldError> errors,
      String prefix,
      String name,
      LocalDateTime value,
      boolean required) {
    if (value == null) {
      if (required) {
        refuse(errors, prefix, name, "is required, such as 2017-03-01T10:00:00");
      }
    } else if (LocalTimes.refusal(value) != null) {
      refuse(errors, prefix, name, LocalTimes.refusal(value));
    }
  }

  /** A flight type: {@code I} or {@code N}. */
  public static void flightType(
      List<Problem.FieldError> errors, String prefix, String name, String value) {
    if (value == null) {
      refuse(errors, prefix, name, "is required: I or N");
    } else if (!value.equals("I") && !value.equals("N")) {
      refuse(errors, prefix, name, "must be I or N");
    }
  }
}
