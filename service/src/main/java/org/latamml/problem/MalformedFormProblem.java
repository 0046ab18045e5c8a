package org.latamml.problem;

import java.util.Locale;

/** 400: a multipart/form-data body (a model's upload) that is not a whole form. */
public final class MalformedFormProblem extends ProblemException {
  private static final long serialVersionUID = 1L;

  /** A form that cannot be read, and why. */
  public MalformedFormProblem(String detail) {
    super(400, "malformed-form", "Bad Request", detail, null);
  }

  /** The problem of a form whose body ends before its closing boundary, or never begins one. */
  static MalformedFormProblem notWhole() {
    return new MalformedFormProblem(
        "the body is not a whole multipart/form-data form: each part begins with the boundary"
            + " the Content-Type names, and the last ends with it followed by --");
  }

  /** Whether a Content-Type names a multipart/form-data body. */
  public static boolean isForm(String contentType) {
    return contentType != null
        && contentType.strip().toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
  }
}
