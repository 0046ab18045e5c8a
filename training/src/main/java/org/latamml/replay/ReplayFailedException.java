package org.latamml.replay;

import java.net.URI;

/** The service refused a replayed batch, or could not be reached: the replay stops, saying so. */
public final class ReplayFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ReplayFailedException(String message, Throwable cause) {
    super(message, cause);
  }

  ReplayFailedException(URI uri, int status, String body) {
    super(
        "POST "
            + uri
            + " answered "
            + status
            + (status == 401 || status == 403
                ? " (give --credential, a feeder's or admin's key)"
                : "")
            + ": "
            + (body.length() > 2000 ? body.substring(0, 2000) + "…" : body));
  }
}
