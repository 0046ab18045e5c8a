package org.latamml.store;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.latamml.auth.Roles;
import org.latamml.problem.NotFoundProblem;

/** {@code GET /v1/flights/{id}}: a stored flight. */
@RolesAllowed({Roles.INVOKER, Roles.ADMIN})
@Path("/v1/flights")
@Produces(MediaType.APPLICATION_JSON)
public class FlightsResource {
  private final FlightStore store;

  FlightsResource(FlightStore store) {
    this.store = store;
  }

  /** The flight with this id; 404 if none, 422 if the id is not one. */
  @GET
  @Path("/{id}")
  @Operation(summary = "A stored flight by id (its row number in the imported file)")
  public FlightView get(@PathParam("id") String id) {
    long flightId = FlightIds.parse(id, "id");
    return store.find(flightId).map(FlightView::of).orElseThrow(() -> notFound(flightId));
  }

  /** The problem for an unknown id, naming it. */
  public static NotFoundProblem notFound(long id) {
    return new NotFoundProblem("flight-not-found", "flight " + id + " does not exist in the store");
  }
}
