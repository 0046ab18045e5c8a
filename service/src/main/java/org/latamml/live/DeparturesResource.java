package org.latamml.live;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.latamml.auth.Roles;

/** {@code POST /v1/departures}: flights that left, as they leave. */
@Tag(name = "Flights")
@RolesAllowed({Roles.FEEDER, Roles.ADMIN})
@Path("/v1/departures")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class DeparturesResource {
  private final LiveIngest ingest;

  DeparturesResource(LiveIngest ingest) {
    this.ingest = ingest;
  }

  /** Stores up to 1,000 departures; 200 once committed. */
  @POST
  @Operation(
      operationId = "recordDepartures",
      summary = "Record up to 1,000 departures of stored flights (feeder)")
  public LiveIngest.DeparturesAnswer departures(
      @RequestBody(
              required = true,
              content =
                  @Content(schema = @Schema(implementation = LiveIngest.DeparturesRequest.class)))
          JsonNode body) {
    return ingest.departures(body, "", null);
  }
}
