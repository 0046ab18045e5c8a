package org.latamml.store;

/**
 * The store holds another file's flights, and replacing them was not asked for. Each caller says
 * how to ask for it in its own terms ({@code --replace}, {@code "replace": true}).
 */
public final class ImportConflictException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ImportConflictException(String message) {
    super(message, null, false, false);
  }
}
