package org.latamml.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.latamml.artifact.ModelDirectory;
import org.latamml.auth.Roles;
import org.latamml.problem.InvalidInputProblem;
import org.latamml.problem.Problem;
import org.latamml.registry.ModelVersions;

/**
 * {@code /v1/rollout}: which models every instance serves, shown (invoker) and set and rolled back
 * (admin). Rollouts are worker-thread work: they read the store and may load a model.
 */
@Tag(
    name = "Rollout",
    description = "Which versions answer: champion, canary or shadow challenger, rollback")
@RolesAllowed(Roles.ADMIN)
@Path("/v1/rollout")
@Produces(MediaType.APPLICATION_JSON)
public class RolloutResource {
  /** Rollouts shown in the history. */
  static final int HISTORY = 50;

  private static final String ETAG =
      "the rollout in force, such as \"12\": send it back as If-Match to change that rollout only";
  private static final String IF_MATCH =
      "the rollout this change is made on, its ETag (such as \"12\"): another in force is refused"
          + " with 412; without it, or with *, the change is made on whichever is in force";
  private static final String MALFORMED_IF_MATCH =
      "the body is not valid JSON, or If-Match is neither * nor entity tags";
  private static final String PRECONDITION =
      "another rollout is in force than If-Match names: a change came between; read it again";

  private static final Set<String> FIELDS =
      Set.of("champion", "challenger", "challenger_share", "mode");

  private final RolloutStore store;
  private final ServedRollout served;
  private final SecurityIdentity caller;

  RolloutResource(RolloutStore store, ServedRollout served, SecurityIdentity caller) {
    this.store = store;
    this.served = served;
    this.caller = caller;
  }

  /**
   * The rollout.
   *
   * @param rollout the rollout in force, as the store holds it
   * @param servedHere the id of the rollout this instance serves: the one in force, or the one
   *     before it for up to {@code latam.rollout.refresh} after a change elsewhere
   * @param history the latest rollouts, newest first, the one in force included
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @Schema(name = "RolloutState")
  public record Answer(Rollout rollout, long servedHere, List<Rollout> history) {}

  @GET
  @RolesAllowed({Roles.INVOKER, Roles.ADMIN})
  @Operation(
      operationId = "showRollout",
      summary = "The rollout in force on every instance, and its history")
  @APIResponse(
      responseCode = "200",
      description = "the rollout in force and its history",
      headers =
          @Header(
              name = HttpHeaders.ETAG,
              description = ETAG,
              schema = @Schema(type = SchemaType.STRING)),
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = Answer.class)))
  public RestResponse<Answer> show() {
    List<Rollout> history = store.history(HISTORY);
    Answer answer =
        new Answer(
            history.isEmpty() ? null : history.get(0), served.serving().rollout().id(), history);
    return answer.rollout() == null
        ? RestResponse.ok(answer)
        : RestResponse.ResponseBuilder.ok(answer)
            .tag(new EntityTag(IfMatch.tagOf(answer.rollout().id())))
            .build();
  }

  /**
   * The body of {@code PUT /v1/rollout}, as its clients write it (read field by field, so that
   * every bad field is named at once).
   *
   * @param champion the version served
   * @param challenger a version beside it, or absent
   * @param challengerShare the share of flights the challenger answers in a canary, 0 to 1
   * @param mode {@code canary} (answers its share) or {@code shadow} (scores every flight, logged,
   *     never answered); {@code canary} when absent
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @Schema(name = "RolloutChange")
  public record Change(
      @Schema(
              required = true,
              examples = {"1.1.0"})
          String champion,
      @Schema(examples = {"2.0.0"}) String challenger,
      @Schema(
              minimum = "0",
              maximum = "1",
              examples = {"0.1"})
          Double challengerShare,
      @Schema(enumeration = {"canary", "shadow"}) String mode) {}

  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "setRollout",
      summary =
          "Serve a champion, optionally with a challenger (canary share or shadow), everywhere")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              // The example beside the schema, not in it: a schema with its own examples is written
              // inline, a second copy of RolloutChange that clients generate a type of.
              schema = @Schema(implementation = Change.class),
              examples =
                  @org.eclipse.microprofile.openapi.annotations.media.ExampleObject(
                      name = "canary",
                      value =
                          "{\"champion\": \"1.1.0\", \"challenger\": \"2.0.0\","
                              + " \"challenger_share\": 0.1, \"mode\": \"canary\"}")))
  @APIResponse(
      responseCode = "200",
      description = "the rollout now in force",
      headers =
          @Header(
              name = HttpHeaders.ETAG,
              description = ETAG,
              schema = @Schema(type = SchemaType.STRING)),
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = Answer.class)))
  @APIResponse(responseCode = "400", description = MALFORMED_IF_MATCH)
  @APIResponse(responseCode = "404", description = "a version named has no card in the store")
  @APIResponse(responseCode = "412", description = PRECONDITION)
  @APIResponse(responseCode = "422", description = "a field is invalid, or a model cannot load")
  public RestResponse<Answer> set(
      JsonNode body,
      @Parameter(description = IF_MATCH) @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
    served.change(desired(body), who(), IfMatch.parse(ifMatch));
    return show();
  }

  @POST
  @Path("rollback")
  @Operation(
      operationId = "rollBack",
      summary = "Return to the rollout before the one in force, everywhere")
  @APIResponse(
      responseCode = "200",
      description = "the rollout now in force",
      headers =
          @Header(
              name = HttpHeaders.ETAG,
              description = ETAG,
              schema = @Schema(type = SchemaType.STRING)),
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = Answer.class)))
  @APIResponse(responseCode = "400", description = "If-Match is neither * nor entity tags")
  @APIResponse(responseCode = "409", description = "there is no rollout before this one")
  @APIResponse(responseCode = "412", description = PRECONDITION)
  @APIResponse(responseCode = "422", description = "the earlier rollout's models cannot load")
  public RestResponse<Answer> rollback(
      @Parameter(description = IF_MATCH) @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
    served.rollBack(who(), IfMatch.parse(ifMatch));
    return show();
  }

  private String who() {
    return caller.isAnonymous() ? "anonymous" : caller.getPrincipal().getName();
  }

  /** The rollout a request asks for, its fields checked. */
  static Rollout desired(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw InvalidInputProblem.ofBody(
          "the body must be an object such as {\"champion\": \"1.1.0\"}");
    }
    List<Problem.FieldError> errors = new ArrayList<>();
    body.fieldNames()
        .forEachRemaining(name -> {
          if (!FIELDS.contains(name)) {
            errors.add(
                new Problem.FieldError(
                    name, "is not a field here; the fields are " + String.join(", ", FIELDS)));
          }
        });
    String champion = version(body, "champion", errors, true);
    String challenger = version(body, "challenger", errors, false);
    JsonNode share = body.get("challenger_share");
    JsonNode mode = body.get("mode");
    Rollout.Mode parsedMode = Rollout.Mode.CANARY;
    if (mode != null && !mode.isNull()) {
      parsedMode = mode.isTextual() ? Rollout.Mode.of(mode.asText()) : null;
      if (parsedMode == null) {
        errors.add(new Problem.FieldError("mode", "must be \"canary\" or \"shadow\""));
      }
    }
    double parsedShare = 0;
    if (share != null && !share.isNull()) {
      if (!share.isNumber() || !(share.asDouble() >= 0 && share.asDouble() <= 1)) {
        errors.add(new Problem.FieldError("challenger_share", "must be a number from 0 to 1"));
      } else {
        parsedShare = share.asDouble();
      }
    }
    if (challenger == null) {
      if (parsedShare != 0 || (mode != null && !mode.isNull())) {
        errors.add(
            new Problem.FieldError(
                "challenger", "is required with challenger_share or mode: the version tried"));
      }
    } else if (challenger.equals(champion)) {
      errors.add(new Problem.FieldError("challenger", "must differ from the champion"));
    } else if (parsedMode == Rollout.Mode.SHADOW
        && share != null
        && !share.isNull()
        && share.isNumber()
        && share.asDouble() >= 0
        && share.asDouble() < 1) {
      // Stored as 1 whatever was sent, a share would read back as another than the one given.
      errors.add(
          new Problem.FieldError(
              "challenger_share", "must be 1 or left out for a shadow: it scores every flight"));
    } else if (parsedMode == Rollout.Mode.CANARY && (share == null || share.isNull())) {
      errors.add(
          new Problem.FieldError(
              "challenger_share", "is required for a canary: the share of flights, 0 to 1"));
    }
    if (!errors.isEmpty()) {
      throw new InvalidInputProblem(errors);
    }
    // A shadow scores every flight: its share is all of them, given as 1 or left out.
    double effectiveShare = parsedMode == Rollout.Mode.SHADOW ? 1 : parsedShare;
    return new Rollout(
        0,
        champion,
        challenger,
        challenger == null ? 0 : effectiveShare,
        parsedMode == null ? Rollout.Mode.CANARY : parsedMode,
        null,
        null,
        "set",
        "",
        Instant.EPOCH);
  }

  private static String version(
      JsonNode body, String field, List<Problem.FieldError> errors, boolean required) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        errors.add(new Problem.FieldError(field, "is required, such as \"1.1.0\""));
      }
      return null;
    }
    if (!value.isTextual()) {
      errors.add(new Problem.FieldError(field, "must be a version such as \"1.1.0\""));
      return null;
    }
    if (!ModelDirectory.isVersion(value.asText())) {
      errors.add(new Problem.FieldError(field, ModelVersions.mustBeOne()));
      return null;
    }
    return value.asText();
  }
}
