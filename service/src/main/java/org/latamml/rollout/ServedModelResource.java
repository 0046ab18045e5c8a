package org.latamml.rollout;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.latamml.auth.Roles;
import org.latamml.problem.InvalidInputProblem;
import org.latamml.registry.ModelRegistry;
import org.latamml.registry.ModelVersions;

/**
 * {@code PUT /v1/models/served}: serve one version everywhere, without a challenger (admin): a
 * rollout of a champion alone ({@link org.latamml.rollout.RolloutResource}).
 */
@Tag(name = "Models")
@RolesAllowed(Roles.ADMIN)
@Path("/v1/models/served")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ServedModelResource {
  private final ModelRegistry registry;
  private final ServedRollout rollout;
  private final SecurityIdentity caller;

  ServedModelResource(ModelRegistry registry, ServedRollout rollout, SecurityIdentity caller) {
    this.registry = registry;
    this.rollout = rollout;
    this.caller = caller;
  }

  /**
   * The version to serve.
   *
   * @param version a version in the model folder, such as {@code 1.0.0}
   */
  @Schema(name = "ServeModelRequest")
  public record Request(
      @Schema(
              required = true,
              examples = {"1.1.0"})
          String version) {}

  @PUT
  @Operation(
      operationId = "serveModel",
      summary = "Serve one version on every instance, with no challenger")
  @APIResponse(
      responseCode = "200",
      description = "the models, the version now served",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ModelsResource.Models.class)))
  @APIResponse(responseCode = "404", description = "the version has no card in the store")
  @APIResponse(
      responseCode = "412",
      description = "another rollout is in force than If-Match names: read it again")
  @APIResponse(responseCode = "422", description = "no version, not a version, or it cannot load")
  public ModelsResource.Models switchTo(
      Request request,
      @Parameter(
              description =
                  "the rollout this change is made on, its ETag from GET /v1/rollout (such as"
                      + " \"12\"); without it, whichever is in force")
          @HeaderParam(HttpHeaders.IF_MATCH)
          String ifMatch) {
    if (request == null || request.version() == null || request.version().isBlank()) {
      throw new InvalidInputProblem("version", "is required, such as 1.0.0");
    }
    String version = ModelVersions.checked("version", request.version());
    Serving serving =
        rollout.change(
            Rollout.alone(version), caller.getPrincipal().getName(), IfMatch.parse(ifMatch));
    return ModelsResource.Models.of(registry, serving);
  }
}
