package org.latamml.auth;

/** The roles a caller may hold. */
public final class Roles {
  /** May call the prediction and read endpoints. */
  public static final String INVOKER = "invoker";

  /** May also import flights and switch models. */
  public static final String ADMIN = "admin";

  private Roles() {}
}
