package org.latamml.rollout;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.latamml.artifact.ModelCard;
import org.latamml.auth.Roles;
import org.latamml.problem.InvalidInputProblem;
import org.latamml.problem.NotFoundProblem;
import org.latamml.problem.Problem;
import org.latamml.registry.ModelRegistry;
import org.latamml.registry.ModelUpload;
import org.latamml.registry.ModelVersions;

/**
 * {@code /v1/models}: the versions in the model store, the champion served and its card; a new
 * model added (admin), once it is checked.
 */
@Tag(
    name = "Models",
    description = "The model registry: versions, cards, uploads and the served version")
@RolesAllowed({Roles.INVOKER, Roles.ADMIN})
@Path("/v1/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelsResource {
  private final ModelRegistry registry;
  private final ServedRollout rollout;
  private final ModelUpload upload;

  ModelsResource(ModelRegistry registry, ServedRollout rollout, ModelUpload upload) {
    this.registry = registry;
    this.rollout = rollout;
    this.upload = upload;
  }

  /**
   * A model added.
   *
   * @param version its version, now in the store for every instance
   * @param card its card
   */
  public record Added(String version, ModelCard card) {}

  @POST
  @RolesAllowed(Roles.ADMIN)
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  @Operation(
      operationId = "addModel",
      summary =
          "Add a model (form parts card and onnx) once its card, graph signature and probes check")
  @APIResponse(
      responseCode = "201",
      description = "added: Location names it",
      headers =
          @Header(
              name = "Location",
              description = "the new version's card: /v1/models/{version}",
              schema = @Schema(type = SchemaType.STRING)),
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = Added.class)))
  @APIResponse(responseCode = "409", description = "the store has this version already")
  public Response add(
      @RestForm("card") FileUpload card,
      @RestForm("onnx") FileUpload onnx,
      @RestForm(FileUpload.ALL) @Schema(hidden = true) List<FileUpload> parts) {
    List<Problem.FieldError> errors = new ArrayList<>();
    onePart("card", "the model card, JSON", parts, errors);
    onePart("onnx", "the ONNX graph", parts, errors);
    if (!errors.isEmpty()) {
      throw new InvalidInputProblem(errors);
    }
    ModelCard added = upload.add(card.uploadedFile(), onnx.uploadedFile());
    return Response.created(URI.create("/v1/models/" + added.version()))
        .entity(new Added(added.version(), added.withoutTreeTerms()))
        .type(MediaType.APPLICATION_JSON_TYPE)
        .build();
  }

  /**
   * Adds an error unless {@code parts} hold one file named {@code name}: a second card or graph
   * would be ignored, and its sender could not tell which was checked.
   */
  private static void onePart(
      String name, String what, List<FileUpload> parts, List<Problem.FieldError> errors) {
    long given = parts == null ? 0 : parts.stream().filter(p -> p.name().equals(name)).count();
    if (given == 0) {
      errors.add(new Problem.FieldError(name, "is required: " + what));
    } else if (given > 1) {
      errors.add(new Problem.FieldError(name, "is given " + given + " times: send one"));
    }
  }

  @GET
  @Path("{version}")
  @Operation(
      operationId = "showModelCard",
      summary = "One version's card",
      description =
          "The card as its file holds it, without tree_terms: a boosted model's trees are"
              + " megabytes that only its explanations read.")
  public ModelCard card(@PathParam("version") String version) {
    try {
      return registry
          .card(ModelVersions.checked("version", version))
          .orElseThrow(() ->
              new NotFoundProblem(
                  "model-not-found", "model " + version + " is not in the model store"));
    } catch (java.io.IOException e) {
      throw ModelRegistry.unreachable(e);
    }
  }

  /**
   * The models.
   *
   * @param served the version answering predictions
   * @param versions every version with a card in the model folder
   * @param card the served model's card
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Models(String served, List<String> versions, ModelCard card) {
    /** The models as an instance serves {@code serving}: its champion is the one served. */
    public static Models of(ModelRegistry registry, Serving serving) {
      return new Models(
          serving.champion().version(), registry.versions(), serving.champion().card());
    }
  }

  @GET
  @Operation(
      operationId = "listModels",
      summary = "The model versions present, the one served, and its card")
  public Models list() {
    return Models.of(registry, rollout.serving());
  }
}
