package org.latamml.auth;

import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.JWTClaimsSetVerifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * The claims an ID token must carry to be let in: {@code exp}, {@code iat} and {@code sub}; the
 * issuer; one of the audiences; and times within the allowed skew, its issue time not later than
 * now, and a lifetime (issue to expiry) no longer than allowed. Each refusal carries its {@link
 * Rejection.Reason} as a type, so nobody reads a library's message to learn why.
 */
final class ClaimsCheck implements JWTClaimsSetVerifier<SecurityContext> {
  private final String issuer;
  private final Set<String> audiences;
  private final Duration skew;
  private final Duration maxLifetime;
  private final Clock clock;

  ClaimsCheck(
      String issuer, List<String> audiences, Duration skew, Duration maxLifetime, Clock clock) {
    this.issuer = issuer;
    this.audiences = Set.copyOf(audiences);
    this.skew = skew;
    this.maxLifetime = maxLifetime;
    this.clock = clock;
  }

  /** A token refused for one {@link Rejection.Reason}. */
  static final class Refused extends BadJWTException {
    private static final long serialVersionUID = 1L;
    private final Rejection.Reason reason;

    Refused(Rejection.Reason reason, String detail) {
      super(detail);
      this.reason = reason;
    }

    Rejection toRejection() {
      return new Rejection(reason, getMessage());
    }
  }

  @Override
  public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
    Date expires = claims.getExpirationTime();
    if (expires == null || claims.getIssueTime() == null || claims.getSubject() == null) {
      throw new Refused(Rejection.Reason.INVALID_TOKEN, "the token lacks exp, iat or sub");
    }
    if (!issuer.equals(claims.getIssuer())) {
      throw new Refused(Rejection.Reason.WRONG_ISSUER, "the token is from another issuer");
    }
    List<String> audience = claims.getAudience();
    if (audience == null || audience.stream().noneMatch(audiences::contains)) {
      throw new Refused(Rejection.Reason.WRONG_AUDIENCE, "the token is for another audience");
    }
    Instant now = clock.instant();
    if (expires.toInstant().plus(skew).isBefore(now)) {
      throw new Refused(Rejection.Reason.EXPIRED, "the token has expired");
    }
    Date notBefore = claims.getNotBeforeTime();
    if (notBefore != null && notBefore.toInstant().minus(skew).isAfter(now)) {
      throw new Refused(Rejection.Reason.NOT_YET_VALID, "the token is not valid yet");
    }
    // Issued later than now: a clock far off, or a token made to outlive its issuer's rules.
    if (claims.getIssueTime().toInstant().minus(skew).isAfter(now)) {
      throw new Refused(Rejection.Reason.NOT_YET_VALID, "the token was issued in the future");
    }
    // A leaked token of months would be good for months: its issuer's rules are not ours to trust.
    if (Duration.between(claims.getIssueTime().toInstant(), expires.toInstant())
            .compareTo(maxLifetime)
        > 0) {
      throw new Refused(
          Rejection.Reason.TOO_LONG_LIVED,
          "the token lives longer than this service takes: at most "
              + maxLifetime.toMinutes()
              + " minutes from iat to exp");
    }
  }
}
