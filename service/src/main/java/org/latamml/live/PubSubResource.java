package org.latamml.live;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Base64;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.latamml.auth.Roles;
import org.latamml.problem.InvalidInputProblem;

/**
 * {@code POST /v1/events/pubsub}: the schedule and departures as Pub/Sub push messages, whose
 * {@code data} is a body of {@code POST /v1/flights} or {@code POST /v1/departures}. 204 once
 * committed, or when the message id was seen before (Pub/Sub delivers at least once); a bad message
 * is refused with 422, which Pub/Sub retries and then sends to the dead-letter topic.
 */
@Tag(name = "Flights")
@RolesAllowed({Roles.FEEDER, Roles.ADMIN})
@Path("/v1/events/pubsub")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class PubSubResource {
  private final LiveIngest ingest;
  private final ObjectMapper json;

  PubSubResource(LiveIngest ingest, ObjectMapper json) {
    this.ingest = ingest;
    this.json = json;
  }

  /**
   * Pub/Sub's push envelope; it may gain fields, which are ignored.
   *
   * @param message the message
   * @param subscription the subscription that pushed it
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Envelope(@Schema(required = true) Message message, String subscription) {}

  /**
   * A pushed message.
   *
   * @param data the body, base64
   * @param messageId its id, the same on every delivery
   * @param attributes its attributes, unused
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Message(
      @Schema(required = true) String data,
      @Schema(required = true) String messageId,
      Map<String, String> attributes) {}

  @POST
  @Operation(
      operationId = "receivePubSubPush",
      summary = "Receive a Pub/Sub push message holding a schedule or departures (feeder)")
  @APIResponse(
      responseCode = "204",
      description =
          "stored; a message delivered again (its messageId seen before) is not stored twice")
  public void receive(Envelope envelope) {
    if (envelope == null || envelope.message() == null) {
      throw new InvalidInputProblem("message", "is required: a Pub/Sub push envelope");
    }
    Message message = envelope.message();
    if (message.messageId() == null
        || message.messageId().isBlank()
        || message.messageId().length() > 128) {
      throw new InvalidInputProblem("message.messageId", "is required, at most 128 characters");
    }
    if (message.data() == null || message.data().isBlank()) {
      throw new InvalidInputProblem(
          "message.data", "is required: base64 of a schedule or departures body");
    }
    JsonNode body = parse(message.data());
    boolean flights = body.has("flights");
    boolean departures = body.has("departures");
    if (flights == departures) {
      throw new InvalidInputProblem(
          "message.data",
          "must hold either \"flights\" (a schedule) or \"departures\", one of them");
    }
    if (flights) {
      ingest.schedule(body, "message.data.", message.messageId());
    } else {
      ingest.departures(body, "message.data.", message.messageId());
    }
  }

  private JsonNode parse(String data) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(data.strip());
    } catch (IllegalArgumentException e) {
      throw new InvalidInputProblem("message.data", "is not base64");
    }
    try {
      JsonNode node = json.readTree(bytes);
      if (node == null || !node.isObject()) {
        throw new InvalidInputProblem("message.data", "must be a JSON object");
      }
      return node;
    } catch (java.io.IOException e) {
      // Not the parser's message: it quotes the body, and no problem names the caller's values.
      throw new InvalidInputProblem("message.data", "is not one JSON value (or holds a key twice)");
    }
  }
}
