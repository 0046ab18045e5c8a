package org.latamml.registry;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.latamml.auth.Roles;
import org.latamml.problem.InvalidInputProblem;

/** {@code PUT /v1/models/served}: switch the served model without a restart (admin). */
@RolesAllowed(Roles.ADMIN)
@Path("/v1/models/served")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ServedModelResource {
  private final ModelRegistry registry;

  ServedModelResource(ModelRegistry registry) {
    this.registry = registry;
  }

  /**
   * The version to serve.
   *
   * @param version a version in the model folder, such as {@code 1.0.0}
   */
  public record Request(String version) {}

  @PUT
  @Operation(summary = "Serve another model version now; version.txt still decides at start")
  public ModelsResource.Models switchTo(Request request) {
    if (request == null || request.version() == null || request.version().isBlank()) {
      throw new InvalidInputProblem("version", "is required, such as 1.0.0");
    }
    registry.switchTo(request.version());
    var model = registry.served();
    return new ModelsResource.Models(model.version(), registry.versions(), model.card());
  }
}
