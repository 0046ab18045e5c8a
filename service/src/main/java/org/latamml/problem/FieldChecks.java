package org.latamml.problem;

import java.time.LocalDateTime;
import java.util.List;
import org.latamml.flight.LocalTimes;

/** The checks every route makes of a flight's fields, each naming the field it refuses. */
public final class FieldChecks {
  private FieldChecks() {}

  /** A text field: present when required, not blank, at most {@code max} characters, clean. */
  public static void text(
      List<Problem.FieldError> errors, String field, String value, int max, boolean required) {
    if (value == null || value.isBlank()) {
      if (required) {
        errors.add(new Problem.FieldError(field, "is required"));
      }
    } else if (value.length() > max) {
      errors.add(new Problem.FieldError(field, "must be at most " + max + " characters"));
    } else if (Character.isWhitespace(value.charAt(0))
        || Character.isWhitespace(value.charAt(value.length() - 1))) {
      errors.add(new Problem.FieldError(field, "must not begin or end with spaces"));
    } else if (hasControl(value)) {
      errors.add(new Problem.FieldError(field, "must not hold control characters"));
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
      List<Problem.FieldError> errors, String field, LocalDateTime value, boolean required) {
    if (value == null) {
      if (required) {
        errors.add(new Problem.FieldError(field, "is required, such as 2017-03-01T10:00:00"));
      }
    } else if (LocalTimes.refusal(value) != null) {
      errors.add(new Problem.FieldError(field, LocalTimes.refusal(value)));
    }
  }

  /** A flight type: {@code I} or {@code N}. */
  public static void flightType(List<Problem.FieldError> errors, String field, String value) {
    if (value == null) {
      errors.add(new Problem.FieldError(field, "is required: I or N"));
    } else if (!value.equals("I") && !value.equals("N")) {
      errors.add(new Problem.FieldError(field, "must be I or N"));
    }
  }
}
