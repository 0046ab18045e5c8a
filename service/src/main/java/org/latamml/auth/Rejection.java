package org.latamml.auth;

/** A caller turned away with 401, and why, for the rejection metric. */
public final class Rejection extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why: the metric's {@code reason} label. */
  public enum Reason {
    MALFORMED_HEADER,
    EXPIRED,
    NOT_YET_VALID,
    TOO_LONG_LIVED,
    WRONG_AUDIENCE,
    WRONG_ISSUER,
    BAD_SIGNATURE,
    SIGNATURE_REMOVED,
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
  // RFC 6750's error code for the challenge: null when the request holds no bearer credential.
  private final String error;

  Rejection(Reason reason, String detail) {
    this(reason, detail, reason == Reason.MALFORMED_HEADER ? "invalid_request" : "invalid_token");
  }

  private Rejection(Reason reason, String detail, String error) {
    super(detail, null, false, false);
    this.reason = reason;
    this.error = error;
  }

  /**
   * An {@code Authorization} header of another scheme ({@code Basic}...): RFC 6750 gives such a
   * request, which holds no bearer credential, a challenge without an error code.
   */
  static Rejection otherScheme(String detail) {
    return new Rejection(Reason.MALFORMED_HEADER, detail, null);
  }

  /**
   * The failure Quarkus Security carries to the 401 response, with the reason attached, and the
   * challenge's error code where there is one.
   */
  io.quarkus.security.AuthenticationFailedException toFailure() {
    return new io.quarkus.security.AuthenticationFailedException(
        getMessage(),
        error == null
            ? java.util.Map.of(REASON, reason.label())
            : java.util.Map.of(REASON, reason.label(), ERROR, error));
  }

  /** Why the caller was turned away. */
  Reason reason() {
    return reason;
  }

  /** The attribute of the failure that holds the reason. */
  static final String REASON = "latam.rejection";

  /** The attribute of the failure that holds the challenge's error code. */
  static final String ERROR = "latam.rejection.error";
}
