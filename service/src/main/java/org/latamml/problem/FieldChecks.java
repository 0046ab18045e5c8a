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
    } else if (!value.equals(value.strip())) {
      errors.add(new Problem.FieldError(field, "must not begin or end with spaces"));
    } else if (value.chars().anyMatch(Character::isISOControl)) {
      errors.add(new Problem.FieldError(field, "must not hold control characters"));
    }
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
