package org.latamml.artifact;

/** A model file or card that is missing, unreadable or inconsistent; the message says which. */
public final class ModelArtifactException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A problem described for the user. */
  public ModelArtifactException(String message) {
    super(message);
  }

  /** A problem described for the user, with its cause. */
  public ModelArtifactException(String message, Throwable cause) {
    super(message, cause);
  }
}
