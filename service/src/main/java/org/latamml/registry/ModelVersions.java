package org.latamml.registry;

import org.latamml.artifact.ModelDirectory;
import org.latamml.problem.InvalidInputProblem;

/** A model version a request gives, checked without naming it back: 422 when it is not one. */
public final class ModelVersions {
  private ModelVersions() {}

  /** The version, when it is one; else 422 on {@code field}. */
  public static String checked(String field, String version) {
    if (!ModelDirectory.isVersion(version)) {
      throw new InvalidInputProblem(field, mustBeOne());
    }
    return version;
  }

  /** The detail of a field that is not a version. */
  public static String mustBeOne() {
    return "must be a version " + ModelDirectory.VERSION_RULE;
  }
}
