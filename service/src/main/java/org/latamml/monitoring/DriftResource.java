package org.latamml.monitoring;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.latamml.auth.Roles;

/**
 * {@code GET /v1/models/{version}/drift}: how far a version's live inputs have moved from those it
 * learnt from, input by input, over a window of flights.
 */
@RolesAllowed({Roles.INVOKER, Roles.ADMIN})
@Path("/v1/models/{version}/drift")
@Produces(MediaType.APPLICATION_JSON)
public class DriftResource {
  private final QualityReport report;
  private final AirportClock clock;

  DriftResource(QualityReport report, AirportClock clock) {
    this.report = report;
    this.clock = clock;
  }

  @GET
  @Operation(
      summary =
          "A version's input drift: the population stability index of each input and of its"
              + " probabilities against its card's training profile, over the flights scheduled"
              + " in a window (default: the last 24 h), and the values it never saw")
  public LiveDrift drift(@PathParam("version") String version, @BeanParam WindowParameters asked) {
    return report.drift(report.cardAsked("version", version), asked.asked("24h", clock));
  }
}
