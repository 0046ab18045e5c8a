package org.latamml.auth;

/** The issuer's keys cannot be fetched: tokens cannot be checked now, so the caller retries. */
public final class KeysUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  KeysUnavailableException(Throwable cause) {
    super("the token issuer's keys cannot be fetched", cause);
  }
}
