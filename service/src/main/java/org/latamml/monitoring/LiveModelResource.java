package org.latamml.monitoring;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.latamml.auth.Roles;

/**
 * How a version does live, over a window of flights (default: the last 24 h): {@code GET
 * /v1/models/{version}/quality}, its predictions against the outcomes beside what its probabilities
 * led to expect and its card's figures; {@code GET /v1/models/{version}/drift}, how far its inputs
 * have moved from those it learnt from, input by input.
 */
@Tag(
    name = "Monitoring",
    description =
        "How each version does on the flights that have left: quality, drift, champion against"
            + " challenger")
@RolesAllowed({Roles.INVOKER, Roles.ADMIN})
@Path("/v1/models/{version}")
@Produces(MediaType.APPLICATION_JSON)
public class LiveModelResource {
  private static final String DEFAULT_WINDOW = "24h";

  private final QualityReport report;
  private final AirportClock clock;

  LiveModelResource(QualityReport report, AirportClock clock) {
    this.report = report;
    this.clock = clock;
  }

  @GET
  @Path("quality")
  @Operation(
      operationId = "showQuality",
      summary =
          "A version's live quality: its predictions against the outcomes of the flights"
              + " scheduled in a window (default: the last 24 h)")
  public LiveQuality quality(
      @PathParam("version") String version, @BeanParam WindowParameters asked) {
    return report.quality(report.cardAsked("version", version), asked.asked(DEFAULT_WINDOW, clock));
  }

  @GET
  @Path("drift")
  @Operation(
      operationId = "showDrift",
      summary =
          "A version's input drift: the population stability index of each input and of its"
              + " probabilities against its card's training profile, over the flights scheduled"
              + " in a window (default: the last 24 h), and the values it never saw")
  public LiveDrift drift(@PathParam("version") String version, @BeanParam WindowParameters asked) {
    return report.drift(report.cardAsked("version", version), asked.asked(DEFAULT_WINDOW, clock));
  }
}
