package org.latamml.registry;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.latamml.artifact.ModelDirectory;
import org.latamml.testing.LiveFeed;
import org.latamml.testing.LoggedErrors;
import org.latamml.testing.Rollouts;
import org.latamml.testing.ShippedModel;
import org.latamml.testing.TrainingCli;

/**
 * A model trained with the command line, uploaded as data scientists upload it: accepted once its
 * card, graph and probes check, then served; refused, saying why, when a probe does not reproduce,
 * the card has none, or the graph is another model's.
 */
@QuarkusTest
@TestProfile(ModelUploadTest.StoreOfItsOwn.class)
class ModelUploadTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path TRAINED = trainedFolder();

  /** A copy of the shipped models as the model store. */
  public static final class StoreOfItsOwn implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      Map<String, String> settings = new HashMap<>(LiveFeed.emptyStoreServing("upload", "1.1.0"));
      settings.put("latam.models-dir", ShippedModel.copyOfModels().toString());
      return settings;
    }
  }

  private static Path trainedFolder() {
    try {
      return Files.createTempDirectory("latam-trained-");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Trains two small models on the fixture flights with the command line, once. */
  @BeforeAll
  static void train() throws Exception {
    for (String version : new String[] {"3.0.0", "3.0.1"}) {
      TrainingCli.Run run =
          TrainingCli.run(
              TRAINED,
              "train",
              "--features",
              "onehot37",
              "--format",
              "raw",
              "--data",
              Path.of("src/test/resources/flights.csv").toAbsolutePath().toString(),
              "--version",
              version,
              "--seed",
              version.equals("3.0.0") ? "1" : "2",
              "--out",
              TRAINED.toString());
      assertThat(run.exitCode()).as(run.err()).isZero();
    }
  }

  private static Path card(String version) {
    return new ModelDirectory(TRAINED).card(version);
  }

  private static Path onnx(String version) {
    return new ModelDirectory(TRAINED).onnx(version);
  }

  private static Response upload(Path card, Path onnx) {
    return given()
        .multiPart("card", card.toFile(), "application/json")
        .multiPart("onnx", onnx.toFile(), "application/octet-stream")
        .post("/v1/models");
  }

  /** The trained card of {@code version} with {@code change} made to it, as another file. */
  private static Path changed(
      String version, String name, java.util.function.Consumer<ObjectNode> change)
      throws IOException {
    ObjectNode card = (ObjectNode) JSON.readTree(card(version).toFile());
    change.accept(card);
    Path file = TRAINED.resolve(name + ".json");
    JSON.writeValue(file.toFile(), card);
    return file;
  }

  @Test
  void acceptsATrainedModelAndServesIt() {
    upload(card("3.0.0"), onnx("3.0.0"))
        .then()
        .statusCode(201)
        .header("Location", containsString("/v1/models/3.0.0"))
        .body("version", equalTo("3.0.0"))
        .body("card.probes.size()", equalTo(8));

    given().get("/v1/models").then().body("versions", hasItem("3.0.0"));
    given().get("/v1/models/3.0.0").then().statusCode(200).body("version", equalTo("3.0.0"));
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("champion", "1.1.0", "challenger", "3.0.0", "challenger_share", 1.0))
        .put("/v1/rollout")
        .then()
        .statusCode(200);
    given()
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "flights",
                java.util.List.of(
                    Map.of(
                        "airline", "Grupo LATAM",
                        "flight_type", "I",
                        "scheduled_departure", "2017-03-01T10:00:00"))))
        .post("/v1/predictions")
        .then()
        .statusCode(200)
        .header("X-Model-Version", "3.0.0");
    Rollouts.serveAlone("1.1.0");
  }

  @Test
  void refusesAVersionTheStoreHasWith409() {
    upload(card("3.0.1"), onnx("3.0.1")).then().statusCode(201);

    upload(card("3.0.1"), onnx("3.0.1"))
        .then()
        .statusCode(409)
        .body("detail", containsString("3.0.1"));
  }

  @Test
  void refusesAProbeThatDoesNotReproduceNamingTheRowAndBothProbabilities() throws IOException {
    double[] sent = new double[1];
    Path altered =
        changed(
            "3.0.0",
            "altered-probe",
            card -> {
              card.put("version", "3.0.2");
              ObjectNode probe = (ObjectNode) card.get("probes").get(3);
              sent[0] = probe.get("probability").asDouble() + 1e-5;
              probe.put("probability", sent[0]);
            });

    upload(altered, onnx("3.0.0"))
        .then()
        .statusCode(422)
        .body("errors[0].field", equalTo("card.probes"))
        .body("detail", containsString("probe 3"))
        .body("detail", containsString(Double.toString(sent[0])));
    given().get("/v1/models").then().body("versions", not(hasItem("3.0.2")));
  }

  @Test
  void refusesACardWithoutProbes() throws IOException {
    Path bare =
        changed(
            "3.0.0",
            "no-probes",
            card -> {
              card.put("version", "3.0.3");
              card.remove("probes");
            });

    upload(bare, onnx("3.0.0")).then().statusCode(422).body("detail", containsString("no probes"));
  }

  @Test
  void refusesACardWithoutAThresholdNamingIt() throws IOException {
    Path noThreshold =
        changed(
            "3.0.0",
            "no-threshold",
            card -> {
              card.put("version", "3.0.6");
              card.remove("threshold");
            });

    upload(noThreshold, onnx("3.0.0"))
        .then()
        .statusCode(422)
        .body("errors[0].field", equalTo("card"))
        .body("detail", containsString("'threshold' is missing"));
  }

  @Test
  void refusesAnotherModelsGraph() throws IOException {
    Path card = changed("3.0.0", "wrong-graph", c -> c.put("version", "3.0.4"));

    upload(card, new ModelDirectory(Path.of("../Models").toAbsolutePath()).onnx("2.0.0"))
        .then()
        .statusCode(422)
        .body("errors[0].field", equalTo("onnx"))
        // The graph is named as the upload named it, not by where it waited on the instance.
        .body("detail", org.hamcrest.Matchers.not(containsString("latam-upload-")))
        .body("detail", org.hamcrest.Matchers.not(containsString("/")));
  }

  @Test
  void refusesAFormWithoutItsParts() throws IOException {
    given()
        .multiPart("card", card("3.0.0").toFile(), "application/json")
        .post("/v1/models")
        .then()
        .statusCode(422)
        .body("errors.field", hasItem("onnx"));
    Path notJson = TRAINED.resolve("not-a-card.json");
    Files.writeString(notJson, "{\"format_version\": 1, \"version\": \"3.0.5\"");
    upload(notJson, onnx("3.0.0")).then().statusCode(422).body("errors[0].field", equalTo("card"));
  }

  @Test
  void aCardThatIsNotJsonIsSaidToBeSoByItsPlaceWithoutQuotingIt() throws IOException {
    Path text = TRAINED.resolve("hostname.json");
    Files.writeString(text, "{\"format_version\": 1,\n vm-SECRET-42}\n");

    upload(text, onnx("3.0.0"))
        .then()
        .statusCode(422)
        .body("errors[0].field", equalTo("card"))
        .body(
            "errors[0].detail",
            org.hamcrest.Matchers.matchesPattern("is not valid JSON \\(line 2, column [0-9]+\\)"))
        .body(org.hamcrest.Matchers.not(containsString("SECRET")));
  }

  @Test
  void aCardInTheStoreThatCannotBeReadIsRefusedWith422SayingWhyNot500() throws Exception {
    Path store = Path.of(ConfigProvider.getConfig().getValue("latam.models-dir", String.class));
    ModelDirectory folder = new ModelDirectory(store);
    Files.writeString(folder.card("3.9.9"), "{\"format_version\": 1, \"probes\": [1");
    Files.copy(onnx("3.0.0"), folder.onnx("3.9.9"));
    String rollout = given().get("/v1/rollout").then().statusCode(200).extract().asString();

    List<String> errors =
        LoggedErrors.during(() -> {
          for (Response response :
              List.of(
                  given().get("/v1/models/3.9.9"),
                  given()
                      .contentType(ContentType.JSON)
                      .body(Map.of("version", "3.9.9"))
                      .put("/v1/models/served"))) {
            response
                .then()
                .statusCode(422)
                .body("type", equalTo("urn:latam-ml-infra:problem:invalid-input"))
                .body("errors[0].field", equalTo("version"))
                .body("errors[0].detail", containsString("not valid JSON"))
                .body("errors[0].detail", not(containsString(store.toString())))
                .body("errors[0].detail", not(containsString("REDACTED")));
          }
          return null;
        });

    assertThat(errors).isEmpty();
    assertThat(given().get("/v1/rollout").then().statusCode(200).extract().asString())
        .isEqualTo(rollout);
  }

  @Test
  void refusesACardGivenTwiceWith422NamingIt() throws IOException {
    Path card = changed("3.0.0", "twice", c -> c.put("version", "3.0.7"));
    given()
        .multiPart("card", card.toFile(), "application/json")
        .multiPart("card", card.toFile(), "application/json")
        .multiPart("onnx", onnx("3.0.0").toFile(), "application/octet-stream")
        .post("/v1/models")
        .then()
        .statusCode(422)
        .body("errors.field", contains("card"))
        .body("errors[0].detail", containsString("2 times"));
    given().get("/v1/models").then().body("versions", not(hasItem("3.0.7")));
  }
}
