package org.latamml.registry;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.latamml.artifact.ModelCard;
import org.latamml.auth.Roles;

/** {@code GET /v1/models}: the versions present, the one served, and its card. */
@RolesAllowed({Roles.INVOKER, Roles.ADMIN})
@Path("/v1/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelsResource {
  private final ModelRegistry registry;

  ModelsResource(ModelRegistry registry) {
    this.registry = registry;
  }

  /**
   * The models.
   *
   * @param served the version answering predictions
   * @param versions every version with a card in the model folder
   * @param card the served model's card
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Models(String served, List<String> versions, ModelCard card) {}

  @GET
  @Operation(summary = "The model versions present, the one served, and its card")
  public Models list() {
    var model = registry.served();
    return new Models(model.version(), registry.versions(), model.card());
  }
}
