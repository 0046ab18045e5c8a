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
 * {@code GET /v1/models/{version}/quality}: how a version does in production over a window of
 * flights, beside what its probabilities led to expect and its card's figures.
 */
@RolesAllowed({Roles.INVOKER, Roles.ADMIN})
@Path("/v1/models/{version}/quality")
@Produces(MediaType.APPLICATION_JSON)
public class QualityResource {
  private final QualityReport report;
  private final AirportClock clock;

  QualityResource(QualityReport report, AirportClock clock) {
    this.report = report;
    this.clock = clock;
  }

  @GET
  @Operation(
      summary =
          "A version's live quality: its predictions against the outcomes of the flights"
              + " scheduled in a window (default: the last 24 h)")
  public LiveQuality quality(
      @PathParam("version") String version, @BeanParam WindowParameters asked) {
    return report.quality(report.cardAsked("version", version), asked.asked("24h", clock));
  }
}
