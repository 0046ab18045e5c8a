package org.latamml.inference;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.latamml.auth.Roles;
import org.latamml.flight.Flight;
import org.latamml.prediction.Ask;
import org.latamml.prediction.BatchPredictionResource;
import org.latamml.prediction.Dispatch;
import org.latamml.prediction.FlightFeatures;
import org.latamml.prediction.Prediction;
import org.latamml.prediction.Predictor;
import org.latamml.problem.BadRequestProblem;
import org.latamml.problem.NotFoundProblem;
import org.latamml.problem.Problem;
import org.latamml.registry.ModelRegistry;
import org.latamml.rollout.Serving;
import org.latamml.store.StoreStartup;

/**
 * The Open Inference Protocol (KServe v2, REST) over the same predictor as every other route: the
 * model {@value #MODEL} takes flights as named BYTES columns and answers each one's {@code
 * probability} (FP32) and {@code delayed} (BOOL). Without a version, the rollout decides who
 * answers; with one, that version answers, if the rollout serves it. Errors are the protocol's
 * {@code {"error": "..."}}.
 */
@Path("/v2")
@Produces(MediaType.APPLICATION_JSON)
public class InferenceProtocolResource {
  /** The one model this server offers, whatever version answers. */
  public static final String MODEL = "latam-flight-delay";

  private static final String ROUTE = "/v2/infer";
  private static final List<String> REQUIRED =
      List.of("airline", "flight_type", "scheduled_departure");
  private static final Set<String> INPUTS =
      Set.of("airline", "flight_type", "scheduled_departure", "destination", "flight_number");
  private static final Set<String> OUTPUTS = Set.of("probability", "delayed");

  private final Predictor predictor;
  private final ModelRegistry registry;
  private final StoreStartup store;
  private final String serverVersion;

  InferenceProtocolResource(
      Predictor predictor,
      ModelRegistry registry,
      StoreStartup store,
      @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown")
          String serverVersion) {
    this.predictor = predictor;
    this.registry = registry;
    this.store = store;
    this.serverVersion = serverVersion;
  }

  /**
   * The server's metadata.
   *
   * @param name the server
   * @param version its version
   * @param extensions the protocol extensions it supports: none
   */
  public record ServerMetadata(String name, String version, List<String> extensions) {}

  /**
   * A tensor's metadata.
   *
   * @param name its name
   * @param datatype its element type
   * @param shape its shape, -1 for the number of flights
   */
  public record TensorMetadata(String name, String datatype, List<Long> shape) {}

  /**
   * The model's metadata.
   *
   * @param name {@value #MODEL}
   * @param versions the versions in the model store
   * @param platform the runtime that scores it
   * @param inputs its inputs
   * @param outputs its outputs
   */
  public record ModelMetadata(
      String name,
      List<String> versions,
      String platform,
      List<TensorMetadata> inputs,
      List<TensorMetadata> outputs) {}

  /**
   * Liveness.
   *
   * @param live always true while the server answers
   */
  public record Live(boolean live) {}

  /**
   * Readiness.
   *
   * @param ready whether it can answer inference requests
   */
  public record Ready(boolean ready) {}

  /**
   * A model's readiness.
   *
   * @param name {@value #MODEL}
   * @param ready whether it (the version asked, or the rollout) answers now
   */
  public record ModelReady(String name, boolean ready) {}

  @GET
  @PermitAll
  @Operation(summary = "Open Inference Protocol: the server's metadata")
  public ServerMetadata server() {
    return new ServerMetadata("latam-ml-infra", serverVersion, List.of());
  }

  @GET
  @PermitAll
  @Path("health/live")
  @Operation(summary = "Open Inference Protocol: liveness")
  public Live live() {
    return new Live(true);
  }

  @GET
  @PermitAll
  @Path("health/ready")
  @Operation(summary = "Open Inference Protocol: readiness (503 when not ready)")
  public Response ready() {
    boolean ready = predictor.serving() != null && store.isReachable();
    return Response.status(ready ? 200 : 503).entity(new Ready(ready)).build();
  }

  @GET
  @RolesAllowed({Roles.INVOKER, Roles.ADMIN})
  @Path("models/{name}")
  @Operation(summary = "Open Inference Protocol: the model's metadata")
  public ModelMetadata model(@PathParam("name") String name) {
    checkName(name);
    return metadata(registry.versions());
  }

  @GET
  @RolesAllowed({Roles.INVOKER, Roles.ADMIN})
  @Path("models/{name}/versions/{version}")
  @Operation(summary = "Open Inference Protocol: one version's metadata")
  public ModelMetadata version(
      @PathParam("name") String name, @PathParam("version") String version) {
    checkName(name);
    checkKnown(version);
    return metadata(List.of(version));
  }

  @GET
  @RolesAllowed({Roles.INVOKER, Roles.ADMIN})
  @Path("models/{name}/ready")
  @Operation(summary = "Open Inference Protocol: whether the model answers (503 when not)")
  public Response modelReady(@PathParam("name") String name) {
    checkName(name);
    return readiness(predictor.serving() != null);
  }

  @GET
  @RolesAllowed({Roles.INVOKER, Roles.ADMIN})
  @Path("models/{name}/versions/{version}/ready")
  @Operation(summary = "Open Inference Protocol: whether the rollout serves this version now")
  public Response versionReady(
      @PathParam("name") String name, @PathParam("version") String version) {
    checkName(name);
    checkKnown(version);
    Serving serving = predictor.serving();
    return readiness(
        serving != null
            && (serving.champion().version().equals(version)
                || (serving.challenger() != null
                    && serving.challenger().version().equals(version))));
  }

  @POST
  @RolesAllowed({Roles.INVOKER, Roles.ADMIN})
  @Path("models/{name}/infer")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Open Inference Protocol: predict flights; the rollout decides the version")
  public Uni<InferenceResponse> infer(
      @Context RoutingContext context, @PathParam("name") String name, InferenceRequest request) {
    return infer(context, name, null, request);
  }

  @POST
  @RolesAllowed({Roles.INVOKER, Roles.ADMIN})
  @Path("models/{name}/versions/{version}/infer")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Open Inference Protocol: predict flights by one version the rollout serves")
  public Uni<InferenceResponse> inferByVersion(
      @Context RoutingContext context,
      @PathParam("name") String name,
      @PathParam("version") String version,
      InferenceRequest request) {
    return infer(context, name, version, request);
  }

  private Uni<InferenceResponse> infer(
      RoutingContext context, String name, String version, InferenceRequest request) {
    checkName(name);
    List<Flight> flights = flightsOf(request);
    Set<String> wanted = outputsOf(request);
    Ask ask = Ask.of(context, ROUTE);
    return Dispatch.answer(
        predictor.isNonBlocking(),
        () -> {
          List<Prediction> predictions =
              version == null
                  ? predictor.predict(flights, null, ask)
                  : predictor.predictByVersion(version, flights, ask);
          return answer(request.id(), predictions, wanted);
        });
  }

  private static InferenceResponse answer(
      String id, List<Prediction> predictions, Set<String> wanted) {
    int count = predictions.size();
    float[] probabilities = new float[count];
    boolean[] delayed = new boolean[count];
    Set<String> versions = new LinkedHashSet<>();
    for (int i = 0; i < count; i++) {
      Prediction prediction = predictions.get(i);
      probabilities[i] = (float) prediction.probability();
      delayed[i] = prediction.delayed();
      versions.add(prediction.modelVersion());
    }
    List<Long> shape = List.of((long) count);
    List<InferenceResponse.Tensor> outputs = new ArrayList<>(2);
    if (wanted.contains("probability")) {
      outputs.add(new InferenceResponse.Tensor("probability", "FP32", shape, probabilities));
    }
    if (wanted.contains("delayed")) {
      outputs.add(new InferenceResponse.Tensor("delayed", "BOOL", shape, delayed));
    }
    return new InferenceResponse(MODEL, String.join(", ", versions), id, outputs);
  }

  private static ModelMetadata metadata(List<String> versions) {
    List<Long> flights = List.of(-1L);
    return new ModelMetadata(
        MODEL,
        versions,
        "onnxruntime_onnx",
        List.of(
            new TensorMetadata("airline", "BYTES", flights),
            new TensorMetadata("flight_type", "BYTES", flights),
            new TensorMetadata("scheduled_departure", "BYTES", flights),
            new TensorMetadata("destination", "BYTES", flights),
            new TensorMetadata("flight_number", "BYTES", flights)),
        List.of(
            new TensorMetadata("probability", "FP32", flights),
            new TensorMetadata("delayed", "BOOL", flights)));
  }

  private static Response readiness(boolean ready) {
    return Response.status(ready ? 200 : 503).entity(new ModelReady(MODEL, ready)).build();
  }

  private static void checkName(String name) {
    if (!MODEL.equals(name)) {
      throw new NotFoundProblem(
          "model-not-found", "no model named '" + name + "'; this server offers " + MODEL);
    }
  }

  private void checkKnown(String version) {
    if (!registry.versions().contains(version)) {
      throw new NotFoundProblem(
          "model-not-found",
          "model "
              + MODEL
              + " has no version '"
              + version
              + "'; its versions: "
              + registry.versions());
    }
  }

  /** The flights the request's columns describe, every column checked. */
  static List<Flight> flightsOf(InferenceRequest request) {
    if (request == null || request.inputs() == null || request.inputs().isEmpty()) {
      throw new BadRequestProblem(
          "invalid-inference-request", "inputs is required: " + String.join(", ", REQUIRED));
    }
    Map<String, List<String>> columns = new java.util.HashMap<>();
    int count = -1;
    for (InferenceRequest.Input input : request.inputs()) {
      if (input == null || input.name() == null || input.name().length() > 64) {
        throw new BadRequestProblem("invalid-inference-request", "every input needs a name");
      }
      String name = input.name();
      if (!INPUTS.contains(name)) {
        throw new BadRequestProblem(
            "invalid-inference-request",
            "unexpected input '" + name + "'; the inputs are " + String.join(", ", sorted(INPUTS)));
      }
      if (columns.containsKey(name)) {
        throw new BadRequestProblem(
            "invalid-inference-request", "input '" + name + "' given twice");
      }
      if (!"BYTES".equals(input.datatype())) {
        throw new BadRequestProblem(
            "invalid-inference-request",
            "input '" + name + "' must have datatype BYTES, got " + input.datatype());
      }
      List<String> values = valuesOf(name, input.data());
      checkShape(name, input.shape(), values.size());
      if (count >= 0 && values.size() != count) {
        throw new BadRequestProblem(
            "invalid-inference-request",
            "input '" + name + "' holds " + values.size() + " values, the others " + count);
      }
      count = values.size();
      columns.put(name, values);
    }
    for (String required : REQUIRED) {
      if (!columns.containsKey(required)) {
        throw new BadRequestProblem(
            "invalid-inference-request", "input '" + required + "' is required");
      }
    }
    if (count < 1 || count > BatchPredictionResource.MAX_FLIGHTS) {
      throw new BadRequestProblem(
          "invalid-inference-request",
          "inputs must hold 1 to "
              + BatchPredictionResource.MAX_FLIGHTS
              + " flights, got "
              + count);
    }
    List<Flight> flights = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      flights.add(flightAt(columns, i));
    }
    return flights;
  }

  /** Flight {@code i} of the columns, checked as the batch API checks its flights. */
  private static Flight flightAt(Map<String, List<String>> columns, int i) {
    LocalDateTime scheduled;
    try {
      scheduled = LocalDateTime.parse(columns.get("scheduled_departure").get(i));
    } catch (DateTimeParseException e) {
      throw invalid("scheduled_departure", i, "must be a local time such as 2017-03-01T10:00:00");
    }
    List<String> destinations = columns.get("destination");
    List<String> numbers = columns.get("flight_number");
    FlightFeatures features =
        new FlightFeatures(
            columns.get("airline").get(i),
            columns.get("flight_type").get(i),
            scheduled,
            destinations == null ? null : destinations.get(i),
            numbers == null ? null : numbers.get(i));
    List<Problem.FieldError> errors = features.problems("value " + i + " of input");
    if (!errors.isEmpty()) {
      throw new BadRequestProblem(
          "invalid-inference-request",
          errors.stream()
              .map(e -> e.field() + ": " + e.detail())
              .collect(Collectors.joining("; ")));
    }
    return features.toFlight();
  }

  private static BadRequestProblem invalid(String input, int index, String detail) {
    return new BadRequestProblem(
        "invalid-inference-request", "input '" + input + "' value " + index + " " + detail);
  }

  /** The values of a column, flat or nested one level ({@code [N]} or {@code [N, 1]}). */
  private static List<String> valuesOf(String name, JsonNode data) {
    if (data == null || !data.isArray()) {
      throw new BadRequestProblem(
          "invalid-inference-request", "input '" + name + "' needs data: an array of strings");
    }
    List<String> values = new ArrayList<>(data.size());
    for (JsonNode element : data) {
      JsonNode value = element.isArray() && element.size() == 1 ? element.get(0) : element;
      if (!value.isTextual()) {
        throw new BadRequestProblem(
            "invalid-inference-request",
            "input '" + name + "' value " + values.size() + " must be a string");
      }
      values.add(value.asText());
    }
    return values;
  }

  private static void checkShape(String name, List<Long> shape, int count) {
    boolean fits =
        shape != null
            && !shape.contains(null)
            && ((shape.size() == 1 && shape.get(0) == count)
                || (shape.size() == 2 && shape.get(0) == count && shape.get(1) == 1));
    if (!fits) {
      throw new BadRequestProblem(
          "invalid-inference-request",
          "input '"
              + name
              + "' has shape "
              + shape
              + " but holds "
              + count
              + " values: use ["
              + count
              + "]");
    }
  }

  private static Set<String> outputsOf(InferenceRequest request) {
    if (request.outputs() == null || request.outputs().isEmpty()) {
      return OUTPUTS;
    }
    Set<String> wanted = new LinkedHashSet<>();
    for (InferenceRequest.Output output : request.outputs()) {
      if (output == null || output.name() == null || !OUTPUTS.contains(output.name())) {
        throw new BadRequestProblem(
            "invalid-inference-request",
            "unexpected output '"
                + (output == null ? null : output.name())
                + "'; the outputs are probability, delayed");
      }
      wanted.add(output.name());
    }
    return wanted;
  }

  private static List<String> sorted(Set<String> names) {
    return names.stream().sorted().toList();
  }
}
