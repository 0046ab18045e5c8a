package org.latamml.monitoring;

import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * The flights a monitoring route is asked about: {@code window}, or {@code from} and {@code to}.
 */
public class WindowParameters {
  @Parameter(
      description =
          "the flights scheduled in the last hours or days up to the airport's now (its latest"
              + " departure): 1h, 24h, 7d...",
      schema = @Schema(type = SchemaType.STRING, pattern = QualityWindow.LAST_PATTERN))
  @QueryParam("window")
  String window;

  @Parameter(description = "instead of a window: local time or date the flights begin")
  @QueryParam("from")
  String from;

  @Parameter(description = "with from: local time or date past the last flight")
  @QueryParam("to")
  String to;

  /** The window asked, {@code otherwise} when none was. */
  QualityWindow asked(String otherwise, AirportClock clock) {
    return QualityWindow.asked(window, from, to, otherwise, clock);
  }
}
