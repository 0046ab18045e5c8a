package org.latamml.auth;

/** A caller turned away with 401, and why, for the rejection metric. */
public final class Rejection extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why: the metric's {@code reason} label. */
  public enum Reason {
    MALFORMED_HEADER,
    EXPIRED,
    NOT_YET_VALID,
    WRONG_AUDIENCE,
    WRONG_ISSUER,
    BAD_SIGNATURE,
    UNSUPPORTED_ALGORITHM,
    UNKNOWN_KEY,
    INVALID_TOKEN,
    WRONG_API_KEY,
    REVOKED_API_KEY;

    /** The label value. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final Reason reason;

  Rejection(Reason reason, String detail) {
    super(detail, null, false, false);
    this.reason = reason;
  }

  /** The failure Quarkus Security carries to the 401 response, with the reason attached. */
  io.quarkus.security.AuthenticationFailedException toFailure() {
    return new io.quarkus.security.AuthenticationFailedException(
        getMessage(), java.util.Map.of(REASON, reason.label()));
  }

  /** The attribute of the failure that holds the reason. */
  static final String REASON = "latam.rejection";
}
