package org.latamml.rollout;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.Locale;

/**
 * Which models answer, as every instance serves it: the champion, and optionally a challenger that
 * answers a share of the flights (canary) or scores them all without answering (shadow).
 *
 * @param id its number in the rollout's history; the highest is in force
 * @param champion the version that answers every flight the challenger does not
 * @param challenger the version tried beside it; null when none is
 * @param challengerShare canary: the share of flights it answers, 0 to 1; shadow: 1; else 0
 * @param mode how the challenger takes part; {@code canary} when there is none
 * @param previousId what a rollback from this one returns to: for a {@code set}, the rollout it
 *     replaced; for a {@code rollback}, the one before the rollout it restored; null for the first
 * @param restoredId for a {@code rollback}, the rollout whose models it put back in force; else
 *     null
 * @param action {@code start} (the first, from {@code version.txt}), {@code set} or {@code
 *     rollback}
 * @param setBy who set it: the caller's subject or key name
 * @param setAt when, UTC
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Rollout(
    long id,
    String champion,
    @JsonInclude(JsonInclude.Include.NON_NULL) String challenger,
    double challengerShare,
    Mode mode,
    @JsonInclude(JsonInclude.Include.NON_NULL) Long previousId,
    @JsonInclude(JsonInclude.Include.NON_NULL) Long restoredId,
    String action,
    String setBy,
    Instant setAt) {

  /** How a challenger takes part. */
  public enum Mode {
    /** It answers its share of the flights, chosen by the flight. */
    CANARY,
    /** It scores every flight off the request path; its answers are logged, never returned. */
    SHADOW;

    /** The mode's name in requests and answers. */
    @JsonValue
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The mode named {@code name}, or null when none is. */
    public static Mode of(String name) {
      for (Mode mode : values()) {
        if (mode.wireName().equals(name)) {
          return mode;
        }
      }
      return null;
    }
  }

  /** A rollout of {@code champion} alone, to be numbered and stamped when stored. */
  public static Rollout alone(String champion) {
    return new Rollout(0, champion, null, 0, Mode.CANARY, null, null, "set", "", Instant.EPOCH);
  }

  /**
   * The same models, as set anew by {@code who}, with {@code previous} as what a rollback returns
   * to and {@code restored} the rollout they are put back from (null unless a rollback); numbered
   * when stored.
   */
  Rollout replacing(Long previous, Long restored, String newAction, String who, Instant at) {
    return new Rollout(
        0, champion, challenger, challengerShare, mode, previous, restored, newAction, who, at);
  }

  /** The same rollout under number {@code newId}. */
  Rollout numbered(long newId) {
    return new Rollout(
        newId,
        champion,
        challenger,
        challengerShare,
        mode,
        previousId,
        restoredId,
        action,
        setBy,
        setAt);
  }

  /** Whether it serves the same models the same way as {@code other}. */
  public boolean servesLike(Rollout other) {
    return champion.equals(other.champion)
        && java.util.Objects.equals(challenger, other.challenger)
        && challengerShare == other.challengerShare
        && mode == other.mode;
  }
}
