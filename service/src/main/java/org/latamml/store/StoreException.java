package org.latamml.store;

/** The store failed to answer; the service reports it as unavailable, never as a crash. */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
