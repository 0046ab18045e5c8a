package org.latamml.store;

/** The store holds another file's flights, and replacing them was not asked for. */
public final class ImportConflictException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ImportConflictException(String message) {
    super(message);
  }
}
