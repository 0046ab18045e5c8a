package org.latamml.inference;

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
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.latamml.auth.Roles;
import org.latamml.flight.Flight;
import org.latamml.prediction.Ask;
import org.latamml.prediction.Dispatch;
import org.latamml.prediction.Prediction;
import org.latamml.prediction.Predictor;
import org.latamml.problem.NotFoundProblem;
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
@Tag(
    name = "Open Inference Protocol",
    description = "KServe's Open Inference Protocol (v2): metadata, readiness and inference")
@Path("/v2")
@Produces(MediaType.APPLICATION_JSON)
public class InferenceProtocolResource {
  /** The one model this server offers, whatever version answers. */
  public static final String MODEL = "latam-flight-delay";

  /** The route as the prediction log names it, whichever version answers. */
  static final String ROUTE = "/v2/infer";

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
  @Operation(
      operationId = "serverMetadata",
      summary = "Open Inference Protocol: the server's metadata")
  public ServerMetadata server() {
    return new ServerMetadata("latam-ml-infra", serverVersion, List.of());
  }

  @GET
  @PermitAll
  @Path("health/live")
  @Operation(operationId = "serverLive", summary = "Open Inference Protocol: liveness")
  public Live live() {
    return new Live(true);
  }

  @GET
  @PermitAll
  @Path("health/ready")
  @Operation(
      operationId = "serverReady",
      summary = "Open Inference Protocol: readiness (503 when not ready)")
  @APIResponse(
      responseCode = "200",
      description = "ready",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = Ready.class)))
  @APIResponse(
      responseCode = "503",
      description = "not ready: no model served, or the store does not answer",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = Ready.class)))
  public Response ready() {
    boolean ready = predictor.serving() != null && store.isReachable();
    return Response.status(ready ? 200 : 503).entity(new Ready(ready)).build();
  }

  @GET
  @RolesAllowed({Roles.INVOKER, Roles.ADMIN})
  @Path("models/{name}")
  @Operation(
      operationId = "modelMetadata",
      summary = "Open Inference Protocol: the model's metadata")
  public ModelMetadata model(@PathParam("name") String name) {
    checkName(name);
    return metadata(registry.versions());
  }

  @GET
  @RolesAllowed({Roles.INVOKER, Roles.ADMIN})
  @Path("models/{name}/versions/{version}")
  @Operation(
      operationId = "modelVersionMetadata",
      summary = "Open Inference Protocol: one version's metadata")
  public ModelMetadata version(
      @PathParam("name") String name, @PathParam("version") String version) {
    checkName(name);
    checkKnown(version);
    return metadata(List.of(version));
  }

  @GET
  @RolesAllowed({Roles.INVOKER, Roles.ADMIN})
  @Path("models/{name}/ready")
  @Operation(
      operationId = "modelReady",
      summary = "Open Inference Protocol: whether the model answers (503 when not)")
  @APIResponse(
      responseCode = "200",
      description = "the model answers",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ModelReady.class)))
  @APIResponse(
      responseCode = "503",
      description = "the model does not answer now",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ModelReady.class)))
  public Response modelReady(@PathParam("name") String name) {
    checkName(name);
    return readiness(predictor.serving() != null);
  }

  @GET
  @RolesAllowed({Roles.INVOKER, Roles.ADMIN})
  @Path("models/{name}/versions/{version}/ready")
  @Operation(
      operationId = "modelVersionReady",
      summary = "Open Inference Protocol: whether the rollout serves this version now")
  @APIResponse(
      responseCode = "200",
      description = "the version answers",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ModelReady.class)))
  @APIResponse(
      responseCode = "503",
      description = "the version does not answer now",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ModelReady.class)))
  public Response versionReady(
      @PathParam("name") String name, @PathParam("version") String version) {
    checkName(name);
    checkKnown(version);
    Serving serving = predictor.serving();
    // Ready exactly when this version's infer route answers: never for a shadow's challenger.
    return readiness(serving != null && serving.answeringVersion(version) != null);
  }

  @POST
  @RolesAllowed({Roles.INVOKER, Roles.ADMIN})
  @Path("models/{name}/infer")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "modelInfer",
      summary = "Open Inference Protocol: predict flights; the rollout decides the version")
  public Uni<InferenceResponse> infer(
      @Context RoutingContext context, @PathParam("name") String name, InferenceRequest request) {
    return infer(context, name, null, request);
  }

  @POST
  @RolesAllowed({Roles.INVOKER, Roles.ADMIN})
  @Path("models/{name}/versions/{version}/infer")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "modelVersionInfer",
      summary = "Open Inference Protocol: predict flights by one version the rollout serves")
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

  /** The response to {@code predictions}, with the outputs {@code wanted}. */
  static InferenceResponse answer(String id, List<Prediction> predictions, Set<String> wanted) {
    int count = predictions.size();
    float[] probabilities = new float[count];
    boolean[] delayed = new boolean[count];
    String[] answeredBy = new String[count];
    Set<String> versions = new LinkedHashSet<>();
    for (int i = 0; i < count; i++) {
      Prediction prediction = predictions.get(i);
      probabilities[i] = (float) prediction.probability();
      delayed[i] = prediction.delayed();
      answeredBy[i] = prediction.modelVersion();
      versions.add(answeredBy[i]);
    }
    List<Long> shape = List.of((long) count);
    List<InferenceResponse.Tensor> outputs = new ArrayList<>(2);
    if (wanted.contains("probability")) {
      outputs.add(new InferenceResponse.Tensor("probability", "FP32", shape, probabilities));
    }
    if (wanted.contains("delayed")) {
      outputs.add(new InferenceResponse.Tensor("delayed", "BOOL", shape, delayed));
    }
    if (wanted.contains("model_version")) {
      outputs.add(new InferenceResponse.Tensor("model_version", "BYTES", shape, answeredBy));
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
            new TensorMetadata("delayed", "BOOL", flights),
            new TensorMetadata("model_version", "BYTES", flights)));
  }

  private static Response readiness(boolean ready) {
    return Response.status(ready ? 200 : 503).entity(new ModelReady(MODEL, ready)).build();
  }

  private static void checkName(String name) {
    if (!MODEL.equals(name)) {
      throw new NotFoundProblem(
          "model-not-found", "no model by that name; this server offers " + MODEL);
    }
  }

  private void checkKnown(String version) {
    if (!registry.versions().contains(version)) {
      throw new NotFoundProblem(
          "model-not-found",
          "model " + MODEL + " has no such version; its versions: " + registry.versions());
    }
  }

  /** The flights the request's columns describe, every column checked. */
  static List<Flight> flightsOf(InferenceRequest request) {
    if (request == null || request.inputs() == null) {
      return InferenceInputs.flightsOf(null);
    }
    List<InferenceInputs.Column> columns = new ArrayList<>(request.inputs().size());
    for (InferenceRequest.Input input : request.inputs()) {
      columns.add(
          input == null
              ? new InferenceInputs.Column(null, null, null, null, null)
              : new InferenceInputs.Column(
                  input.name(), input.shape(), input.datatype(), input.data(), null));
    }
    return InferenceInputs.flightsOf(columns);
  }

  /** The outputs the request names, checked; every output when it names none. */
  static Set<String> outputsOf(InferenceRequest request) {
    if (request.outputs() == null) {
      return InferenceInputs.OUTPUTS;
    }
    List<String> names = new ArrayList<>(request.outputs().size());
    for (InferenceRequest.Output output : request.outputs()) {
      names.add(output == null ? null : output.name());
    }
    return InferenceInputs.outputsOf(names);
  }
}
