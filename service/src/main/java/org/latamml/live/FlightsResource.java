package org.latamml.live;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.latamml.auth.Roles;
import org.latamml.problem.NotFoundProblem;
import org.latamml.store.FlightIds;
import org.latamml.store.FlightStore;
import org.latamml.store.FlightView;

/** {@code /v1/flights}: a stored flight by id, and the schedule as it changes. */
@Tag(name = "Flights", description = "The flight store: schedules in, a stored flight out")
@RolesAllowed({Roles.INVOKER, Roles.ADMIN})
@Path("/v1/flights")
@Produces(MediaType.APPLICATION_JSON)
public class FlightsResource {
  private final FlightStore store;
  private final LiveIngest ingest;

  FlightsResource(FlightStore store, LiveIngest ingest) {
    this.store = store;
    this.ingest = ingest;
  }

  /** Stores up to 1,000 scheduled flights; 200 once committed, with each flight's id. */
  @POST
  @RolesAllowed({Roles.FEEDER, Roles.ADMIN})
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "scheduleFlights",
      summary =
          "Add or update up to 1,000 scheduled flights (feeder); the same airline code, number and"
              + " scheduled departure is the same flight")
  public LiveIngest.ScheduleAnswer schedule(
      @RequestBody(
              required = true,
              content =
                  @Content(schema = @Schema(implementation = LiveIngest.ScheduleRequest.class)))
          JsonNode body) {
    return ingest.schedule(body, "", null);
  }

  /** The flight with this id; 404 if none, 422 if the id is not one. */
  @GET
  @Path("/{id}")
  @Operation(
      operationId = "showFlight",
      summary =
          "A stored flight by id (its row number in the imported file, or the id its schedule got)")
  public FlightView get(@PathParam("id") String id) {
    long flightId = FlightIds.parse(id, "id");
    return store.find(flightId).map(FlightView::of).orElseThrow(() -> notFound(flightId));
  }

  /** The problem for an unknown id, naming it. */
  public static NotFoundProblem notFound(long id) {
    return new NotFoundProblem("flight-not-found", "flight " + id + " does not exist in the store");
  }
}
