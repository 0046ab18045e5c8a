package org.latamml.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The running service's OpenAPI document, and answers checked against it as a client reads them.
 *
 * <p>Each answer's status and media type are documented for its operation, and a JSON answer fits
 * the schema documented for them (JSON Schema 2020-12, which OpenAPI 3.1's schemas are).
 */
public final class DocumentedAnswers {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonSchemaFactory SCHEMAS =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

  private final JsonNode document;
  private final Set<String> checked = new TreeSet<>();

  private DocumentedAnswers(JsonNode document) {
    this.document = document;
  }

  /** The document the service serves now, at {@code /openapi.json}. */
  public static DocumentedAnswers served() {
    return new DocumentedAnswers(
        read(given().get("/openapi.json").then().statusCode(200).extract().asString()));
  }

  /** The document itself. */
  public JsonNode document() {
    return document;
  }

  /**
   * Checks {@code answer} against what the document says {@code method} on {@code template} (a path
   * as the document writes it, such as {@code /v1/flights/{id}}) answers; returns it.
   */
  public Response check(String method, String template, Response answer) {
    String operationName = method.toUpperCase(Locale.ROOT) + " " + template;
    JsonNode operation =
        document.path("paths").path(template).path(method.toLowerCase(Locale.ROOT));
    assertThat(operation.isObject()).as("%s is documented", operationName).isTrue();
    String status = Integer.toString(answer.statusCode());
    JsonNode response = operation.path("responses").path(status);
    assertThat(response.isObject())
        .as("%s documents its %s answer: %s", operationName, status, answer.asString())
        .isTrue();
    String type = answer.contentType() == null ? "" : answer.contentType();
    String media = (type.indexOf(';') < 0 ? type : type.substring(0, type.indexOf(';'))).trim();
    if (!media.isEmpty()) {
      JsonNode content = response.path("content").path(media);
      assertThat(content.isObject())
          .as("%s documents its %s answer as %s", operationName, status, media)
          .isTrue();
      if (media.endsWith("json")) {
        assertFits(content.path("schema"), answer.asString(), operationName + " " + status);
      }
    }
    checked.add(operationName);
    return answer;
  }

  /** The operations checked so far, as {@code GET /v1/flights/{id}}. */
  public Set<String> checked() {
    return checked;
  }

  /** Every documented operation with a JSON answer among its successes. */
  public Set<String> operationsAnsweringJson() {
    Set<String> operations = new TreeSet<>();
    for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
      for (Map.Entry<String, JsonNode> method : path.getValue().properties()) {
        for (Map.Entry<String, JsonNode> response :
            method.getValue().path("responses").properties()) {
          if (response.getKey().startsWith("2")
              && response.getValue().path("content").has("application/json")) {
            operations.add(method.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
          }
        }
      }
    }
    return operations;
  }

  /** What keeps {@code body} from fitting the document's schema {@code name}; empty if it fits. */
  public Set<String> faultsAgainst(String name, String body) {
    return faults(JSON.createObjectNode().put("$ref", "#/components/schemas/" + name), body);
  }

  private void assertFits(JsonNode documented, String body, String what) {
    assertThat(faults(documented, body)).as("%s fits its schema: %s", what, body).isEmpty();
  }

  private Set<String> faults(JsonNode documented, String body) {
    // The answer's schema as the root of a schema that carries the document's components, so that
    // its references (#/components/schemas/...) resolve as they do in the document.
    ObjectNode schema = documented.deepCopy();
    schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    schema.set("components", document.path("components"));
    Set<String> faults = new TreeSet<>();
    for (ValidationMessage fault : SCHEMAS.getSchema(schema).validate(read(body))) {
      faults.add(fault.getMessage());
    }
    return faults;
  }

  private static JsonNode read(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
