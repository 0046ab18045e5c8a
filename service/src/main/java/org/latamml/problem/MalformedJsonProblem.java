package org.latamml.problem;

import java.util.List;

/** 400: the body is not valid JSON, or names one key twice. */
public final class MalformedJsonProblem extends ProblemException {
  private static final long serialVersionUID = 1L;

  /** What is wrong with the body, without repeating its content. */
  public MalformedJsonProblem(String detail) {
    super(400, "malformed-json", "Bad Request", detail, null);
  }

  /** The longest key named back: a key is the caller's text, so it is cut to a name's length. */
  private static final int LONGEST_NAME = 100;

  /** A key given twice in one object: a JSON parser would keep either value, so none is taken. */
  public static MalformedJsonProblem duplicateKey(String path) {
    String field = named(path);
    return new MalformedJsonProblem(
        "the body names " + field + " twice; each key may appear once",
        List.of(new Problem.FieldError(field, "appears more than once")));
  }

  /**
   * Of a path cut to a name's length, the characters kept from its start; the rest from its end.
   */
  private static final int KEPT_HEAD = 40;

  /**
   * A field's path as a problem names it back, cut to a name's length: its start and its end, where
   * the key itself is, around "...". A character of two chars is never split.
   */
  static String named(String path) {
    if (path.length() <= LONGEST_NAME) {
      return path;
    }
    int head = KEPT_HEAD;
    if (Character.isHighSurrogate(path.charAt(head - 1))) {
      head--;
    }
    int tail = path.length() - (LONGEST_NAME - KEPT_HEAD - 3);
    if (Character.isLowSurrogate(path.charAt(tail))) {
      tail++;
    }
    return path.substring(0, head) + "..." + path.substring(tail);
  }

  private MalformedJsonProblem(String detail, List<Problem.FieldError> errors) {
    super(400, "duplicate-key", "Bad Request", detail, errors);
  }
}
