package org.latamml.auth;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /v1/caller}: who the service takes the caller to be and what it may do, so that a
 * client (the console) shows only the controls the caller's roles allow. The routes check the roles
 * regardless.
 */
@Tag(name = "Caller", description = "Who the service takes the caller for")
@Authenticated
@Path("/v1/caller")
@Produces(MediaType.APPLICATION_JSON)
public class CallerResource {
  private final SecurityIdentity identity;
  private final AuthConfig config;

  CallerResource(SecurityIdentity identity, AuthConfig config) {
    this.identity = identity;
    this.config = config;
  }

  /**
   * The caller as verified.
   *
   * @param name the token's subject or the API key's name
   * @param roles its roles, sorted
   * @param authentication {@code required}, or {@code open} when the service lets everyone in as
   *     admin (local runs only)
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @Schema(name = "Caller")
  public record Answer(String name, List<String> roles, String authentication) {}

  @GET
  @Operation(
      operationId = "showCaller",
      summary = "Who the service takes the caller to be, and its roles")
  public Answer show() {
    return new Answer(
        identity.getPrincipal().getName(),
        identity.getRoles().stream().sorted().toList(),
        config.mode().name());
  }
}
