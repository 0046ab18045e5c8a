package org.latamml.compat;

/** Identity comparisons of what the kept answers hold: rollouts, flights' and days' stamps. */
final class Identities {
  private Identities() {}

  /**
   * Whether the two are the same object. Identity, not equality: one comparison where equality
   * would walk both objects (a rollout's every field), and stamps are compared as the objects the
   * store and the board hand out.
   */
  @SuppressWarnings("ReferenceEquality")
  static boolean isSameObject(Object kept, Object current) {
    return kept == current;
  }
}
