package org.latamml.auth;

/** The roles a caller may hold. */
public final class Roles {
  /** May call the prediction and read endpoints. */
  public static final String INVOKER = "invoker";

  /** May send schedules and departures (a schedule system, the Pub/Sub push subscription). */
  public static final String FEEDER = "feeder";

  /** May also import flights and switch models, and send what a feeder sends. */
  public static final String ADMIN = "admin";

  /** Who may ask for predictions: the prediction routes' {@code @RolesAllowed}. */
  public static final java.util.Set<String> PREDICTING = java.util.Set.of(INVOKER, ADMIN);

  private Roles() {}
}
