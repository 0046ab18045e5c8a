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

  /** A field's path as a problem names it back: cut to a name's length. */
  static String named(String path) {
    return path.length() > LONGEST_NAME ? path.substring(0, LONGEST_NAME) + "..." : path;
  }

  private MalformedJsonProblem(String detail, List<Problem.FieldError> errors) {
    super(400, "duplicate-key", "Bad Request", detail, errors);
  }
}
