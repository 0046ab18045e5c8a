package org.latamml.rollout;

import org.latamml.artifact.DelayModel;
import org.latamml.flight.Flight;

/**
 * A rollout with its models loaded, as one instance serves it. A request takes it ({@link
 * #tryAcquire}) for as long as it scores, so that a model retired meanwhile closes only after.
 *
 * @param rollout the rollout served
 * @param champion its champion's model
 * @param challenger its challenger's model; null when it has none
 */
public record Serving(Rollout rollout, DelayModel champion, DelayModel challenger) {

  /** Takes both models for one request; false when either was retired, and neither is taken. */
  public boolean tryAcquire() {
    if (!champion.tryAcquire()) {
      return false;
    }
    if (challenger != null && !challenger.tryAcquire()) {
      champion.release();
      return false;
    }
    return true;
  }

  /** Ends a {@link #tryAcquire}. */
  public void release() {
    champion.release();
    if (challenger != null) {
      challenger.release();
    }
  }

  /** The model that answers the flight: the challenger for its canary share, else the champion. */
  public DelayModel answering(Flight flight) {
    if (isCanary() && FlightHash.placeOf(flight) < rollout.challengerShare()) {
      return challenger;
    }
    return champion;
  }

  /**
   * The model of {@code version} when it answers requests (the champion, or a canary's challenger),
   * null when it does not: a shadow's challenger is never returned to a caller.
   */
  public DelayModel answeringVersion(String version) {
    if (champion.version().equals(version)) {
      return champion;
    }
    return isCanary() && challenger.version().equals(version) ? challenger : null;
  }

  /** Whether a challenger answers a share of the flights. */
  public boolean isCanary() {
    return challenger != null && rollout.mode() == Rollout.Mode.CANARY;
  }

  /** The model scoring every flight in the shadow, null when none does. */
  public DelayModel shadow() {
    return challenger != null && rollout.mode() == Rollout.Mode.SHADOW ? challenger : null;
  }
}
