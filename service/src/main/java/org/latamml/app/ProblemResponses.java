package org.latamml.app;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.latamml.problem.Problem;
import org.latamml.problem.ProblemException;

/**
 * Writes into the OpenAPI document the errors every operation can answer, from the rules that
 * answer them (ProblemMappers, the limits, the authentication), so that no route's list of errors
 * is kept by hand: a problem body, or on the Open Inference Protocol's routes its {@code
 * {"error"}}, as {@link ProblemException#mediaTypeFor} chooses. Runs once, at build time.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public final class ProblemResponses implements OASFilter {
  private static final String PROBLEM = "Problem";
  private static final String INFERENCE_ERROR = "InferenceError";
  // The name Quarkus gives the scheme in the requirements it adds for @RolesAllowed
  // (quarkus.smallrye-openapi.security-scheme-name).
  private static final String SECURITY_SCHEME = "bearerAuth";
  // What Quarkus says of the errors it lists (400 for every operation with a parameter or body,
  // quarkus.smallrye-openapi.auto-add-bad-request-response; 401 and 403 for secured ones): a
  // status's name, which says nothing a client's author can act on.
  private static final Map<String, String> QUARKUS_LISTINGS =
      Map.of("400", "Bad Request", "401", "Not Authorized", "403", "Not Allowed");
  // The routes whose answers name, in X-Model-Version, the versions that made them.
  private static final java.util.Set<String> PREDICTING =
      java.util.Set.of(
          "/predict",
          "/predict-flight",
          "/v1/predictions",
          "/v1/board",
          "/v2/models/{name}/infer",
          "/v2/models/{name}/versions/{version}/infer");

  @Override
  public void filterOpenAPI(OpenAPI openAPI) {
    if (openAPI.getComponents() == null) {
      openAPI.setComponents(OASFactory.createComponents());
    }
    openAPI.getComponents().addSchema(PROBLEM, problemSchema());
    openAPI.getComponents().addSchema(INFERENCE_ERROR, inferenceErrorSchema());
    describeLocalTimes(openAPI);
    describeSecurity(openAPI);
    // Jackson's tree, described by its getters, is no body's shape (the protocol's data is typed
    // where it is read); a client generator makes a class of it that clashes with Jackson's own.
    if (openAPI.getComponents().getSchemas() != null) {
      openAPI.getComponents().removeSchema("JsonNode");
      openAPI.getComponents().removeSchema("JsonNodeType");
      for (Schema schema : openAPI.getComponents().getSchemas().values()) {
        if (schema.getProperties() != null) {
          schema.getProperties().values().forEach(ProblemResponses::forgetJsonNode);
        }
      }
    }
    if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
      return;
    }
    for (Map.Entry<String, PathItem> path : openAPI.getPaths().getPathItems().entrySet()) {
      if (path.getValue().getOperations() == null) {
        continue;
      }
      for (Operation operation : path.getValue().getOperations().values()) {
        describeErrors(path.getKey(), operation);
        // An operation without requirements is open: said, so that no reader takes it for one
        // whose requirements were forgotten.
        if (operation.getSecurity() == null || operation.getSecurity().isEmpty()) {
          operation.setSecurity(new ArrayList<>());
        }
      }
    }
  }

  private static void describeErrors(String path, Operation operation) {
    if (operation.getResponses() == null) {
      operation.setResponses(OASFactory.createAPIResponses());
    }
    APIResponses responses = operation.getResponses();
    String media = ProblemException.mediaTypeFor(path);
    boolean inference = !media.equals(Problem.MEDIA_TYPE);
    String schema = inference ? INFERENCE_ERROR : PROBLEM;
    if (operation.getRequestBody() != null) {
      add(
          responses,
          "400",
          takesForm(operation)
              ? "the form is malformed: no usable boundary, cut short, or more than 1,000 parts"
              : "the body is not valid JSON, or gives a key twice",
          schema,
          media);
      add(
          responses,
          "408",
          "the body did not arrive within latam.body-timeout of the headers",
          schema,
          media);
      add(responses, "413", "the body is larger than the route takes", schema, media);
      add(responses, "415", "the body is not of a media type the route takes", schema, media);
      add(responses, "422", "a field is missing, of the wrong type or invalid", schema, media);
    }
    if (checksParameters(operation, inference)) {
      add(responses, "422", "a parameter is invalid", schema, media);
    }
    if (path.contains("{") || path.equals("/predict-flight")) {
      add(responses, "404", "no such flight, model or version", schema, media);
    }
    add(
        responses,
        "406",
        "the Accept header names no media type the route answers with",
        schema,
        media);
    // Listed by Quarkus for secured operations alone, said here in words a client can act on.
    if (responses.hasAPIResponse("401")) {
      add(
          responses,
          "401",
          "no bearer credential, or one refused (expired, for another audience, unknown):"
              + " WWW-Authenticate says which",
          schema,
          media);
    }
    if (responses.hasAPIResponse("403")) {
      if (allowsEveryRole(operation)) {
        // Any signed-in caller may: no 403 is ever answered.
        responses.removeAPIResponse("403");
      } else {
        add(
            responses,
            "403",
            "the caller's roles do not include one the route allows",
            schema,
            media);
      }
    }
    if (!InFlightLimiter.isNeverShed(path)) {
      add(
          responses,
          "503",
          "not ready, overloaded, or a store did not answer: try again after Retry-After",
          schema,
          media);
    }
    // Quarkus lists 400, 401 and 403 for secured operations, and resources their own errors,
    // without a body: every error's body is the one above. Quarkus shares one response object
    // between operations, so each gets its own copy, with its route's media type.
    for (Map.Entry<String, APIResponse> listed :
        new ArrayList<>(responses.getAPIResponses().entrySet())) {
      if (listed.getKey().matches("[45]\\d\\d") && listed.getValue().getContent() == null) {
        responses.addAPIResponse(
            listed.getKey(),
            OASFactory.createAPIResponse()
                .description(listed.getValue().getDescription())
                .content(content(schema, media)));
      }
    }
    APIResponse answered = responses.getAPIResponse("200");
    if (answered != null && PREDICTING.contains(path)) {
      answered.addHeader(
          "X-Model-Version",
          header(
              "the versions that answered: 2.0.0, or the champion's then the challenger's during a"
                  + " canary (2.0.0, 1.1.0)",
              Schema.SchemaType.STRING));
    }
    APIResponse refused = responses.getAPIResponse("401");
    if (refused != null) {
      refused.addHeader(
          "WWW-Authenticate",
          header(
              "Bearer realm=\"latam-ml-infra\", with RFC 6750's error (invalid_token,"
                  + " invalid_request) where a credential was refused",
              Schema.SchemaType.STRING));
    }
    APIResponse unavailable = responses.getAPIResponse("503");
    if (unavailable != null) {
      unavailable.addHeader(
          "Retry-After",
          header(
              "seconds to wait before trying again: 1 when overloaded, 5 when the token issuer's"
                  + " keys cannot be fetched",
              Schema.SchemaType.INTEGER));
    }
    for (APIResponse response : responses.getAPIResponses().values()) {
      response.addHeader(
          "X-Request-Id",
          OASFactory.createHeader()
              .description(
                  "the request's id: the caller's own X-Request-Id when it sent one, else one"
                      + " made for it; the request log and the prediction log name it")
              .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING)));
    }
  }

  /** A property typed as Jackson's tree keeps what its annotation says, without the reference. */
  private static void forgetJsonNode(Schema property) {
    if ("#/components/schemas/JsonNode".equals(property.getRef())) {
      property.setRef(null);
    }
  }

  /**
   * A flight's times are Santiago's local times written without a zone, where the schema Jackson's
   * type gives ({@code date-time}) means a time with one: a client generated from it reads them as
   * zoned and fails.
   */
  private static void describeLocalTimes(OpenAPI openAPI) {
    if (openAPI.getComponents().getSchemas() == null
        || !openAPI.getComponents().getSchemas().containsKey("LocalDateTime")) {
      return;
    }
    openAPI
        .getComponents()
        .addSchema(
            "LocalDateTime",
            OASFactory.createSchema()
                .addType(Schema.SchemaType.STRING)
                .pattern("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2})?$")
                .description(
                    "a local time at Santiago's airport, without a zone: 2017-03-01T10:00:00")
                .examples(List.of("2017-03-01T10:00:00")));
  }

  /** The scheme the operations' security requirements name: a bearer credential. */
  private static void describeSecurity(OpenAPI openAPI) {
    openAPI
        .getComponents()
        .addSecurityScheme(
            SECURITY_SCHEME,
            OASFactory.createSecurityScheme()
                .type(org.eclipse.microprofile.openapi.models.security.SecurityScheme.Type.HTTP)
                .scheme("bearer")
                .description(
                    "Authorization: Bearer with an API key (LATAM_AUTH_API_KEYS_*) or a token of"
                        + " the OIDC issuer; the scopes listed are the roles that may call"));
  }

  private static org.eclipse.microprofile.openapi.models.headers.Header header(
      String description, Schema.SchemaType type) {
    return OASFactory.createHeader()
        .description(description)
        .schema(OASFactory.createSchema().addType(type));
  }

  /** Query parameters are checked everywhere; the protocol's path names a model, or is 404. */
  private static boolean checksParameters(Operation operation, boolean inference) {
    List<Parameter> parameters = operation.getParameters();
    if (parameters == null) {
      return false;
    }
    for (Parameter parameter : parameters) {
      if (parameter.getIn() == Parameter.In.QUERY
          || (!inference && parameter.getIn() == Parameter.In.PATH)) {
        return true;
      }
    }
    return false;
  }

  private static void add(
      APIResponses responses, String code, String description, String schema, String media) {
    APIResponse listed = responses.getAPIResponse(code);
    if (listed != null && !listedByQuarkus(code, listed)) {
      return; // the resource's own words
    }
    responses.addAPIResponse(
        code,
        OASFactory.createAPIResponse().description(description).content(content(schema, media)));
  }

  /** Whether the operation takes a multipart form rather than JSON. */
  private static boolean takesForm(Operation operation) {
    return operation.getRequestBody().getContent() != null
        && operation.getRequestBody().getContent().hasMediaType("multipart/form-data");
  }

  /** Whether every requirement names no role: any signed-in caller may call it. */
  private static boolean allowsEveryRole(Operation operation) {
    return operation.getSecurity() != null
        && !operation.getSecurity().isEmpty()
        && operation.getSecurity().stream()
            .allMatch(requirement ->
                requirement.getSchemes() != null
                    && requirement.getSchemes().values().stream()
                        .allMatch(scopes -> scopes == null || scopes.isEmpty()));
  }

  /** A response Quarkus lists, named by its status alone. */
  private static boolean listedByQuarkus(String code, APIResponse listed) {
    return listed.getContent() == null
        && QUARKUS_LISTINGS.getOrDefault(code, "").equals(listed.getDescription());
  }

  private static org.eclipse.microprofile.openapi.models.media.Content content(
      String schema, String media) {
    return OASFactory.createContent()
        .addMediaType(
            media,
            OASFactory.createMediaType()
                .schema(OASFactory.createSchema().ref("#/components/schemas/" + schema)));
  }

  private static Schema problemSchema() {
    Schema fieldError =
        object()
            .addProperty("field", text("the field, such as flights[3].flight_type"))
            .addProperty("detail", text("what is wrong with it"));
    return object()
        .description("An error (RFC 9457): its kind, what went wrong, and the request's path")
        .addProperty("type", text("urn:latam-ml-infra:problem:<kind>"))
        .addProperty("title", text("the status's reason phrase"))
        .addProperty(
            "status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).format("int32"))
        .addProperty("detail", text("what went wrong, without the request's values"))
        .addProperty("instance", text("the request's path"))
        .addProperty(
            "errors",
            OASFactory.createSchema()
                .addType(Schema.SchemaType.ARRAY)
                .description("each invalid field, when fields are invalid")
                .items(fieldError))
        .required(List.of("type", "title", "status", "detail"));
  }

  private static Schema inferenceErrorSchema() {
    return object()
        .description("An error in the Open Inference Protocol's shape")
        .addProperty("error", text("what went wrong"))
        .required(List.of("error"));
  }

  private static Schema object() {
    return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT);
  }

  private static Schema text(String description) {
    return OASFactory.createSchema().addType(Schema.SchemaType.STRING).description(description);
  }
}
