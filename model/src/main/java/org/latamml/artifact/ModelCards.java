package org.latamml.artifact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads and writes model cards as JSON, refusing card formats this build does not know. */
public final class ModelCards {
  /**
   * The mapper for cards and evaluations: indented, unknown properties ignored; a key given twice
   * or anything after the card's object refused, as the service refuses them in every body.
   */
  public static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private ModelCards() {}

  /**
   * Reads a card.
   *
   * @throws ModelArtifactException when it is missing, not JSON, of another format version, or
   *     lacks what serving needs
   */
  public static ModelCard read(Path file) {
    String name = file.getFileName() == null ? "" : file.getFileName().toString();
    if (name.endsWith(".onnx")) {
      throw new ModelArtifactException(
          "model card "
              + file
              + " is a model's ONNX graph: give its card, "
              + name.substring(0, name.length() - ".onnx".length())
              + ".json");
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ModelArtifactException(
          "model card "
              + file
              + " does not exist"
              + (name.endsWith(".json")
                  ? ""
                  : ": a card is a model's .json file, such as"
                      + " Models/Latam_flight_model.2.0.0.json"));
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new ModelArtifactException(
          "model card " + file + " is not UTF-8 text: a card is a model's JSON file", e);
    } catch (IOException e) {
      throw new ModelArtifactException("model card " + file + " cannot be read: " + e, e);
    }
    return parse(file.toString(), text);
  }

  /** Parses a card's text; {@code source} names it in messages. */
  public static ModelCard parse(String source, String text) {
    JsonNode tree;
    try {
      tree = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new ModelArtifactException(
          "model card " + source + " is not valid JSON: " + withoutJacksonsAdvice(e), e);
    }
    JsonNode format = tree == null ? null : tree.get("format_version");
    if (format == null || !format.canConvertToInt()) {
      throw new ModelArtifactException(
          "model card "
              + source
              + " has no format_version; this build reads format "
              + ModelCard.FORMAT_VERSION);
    }
    if (format.asInt() != ModelCard.FORMAT_VERSION) {
      throw new ModelArtifactException(
          "model card "
              + source
              + " has format_version "
              + format.asInt()
              + ", which this build does not know; it reads format "
              + ModelCard.FORMAT_VERSION
              + " only");
    }
    try {
      return JSON.treeToValue(tree, ModelCard.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      String reason = reasonOf(e);
      throw new ModelArtifactException("model card " + source + " is invalid: " + reason, e);
    }
  }

  /**
   * Jackson's words for a parse failure without its advice to the program reading it ("enable
   * `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow"), and where it failed.
   */
  private static String withoutJacksonsAdvice(JsonProcessingException e) {
    String original = String.valueOf(e.getOriginalMessage());
    int advice = original.indexOf(": enable `");
    // A marker's place is written as Jackson's own location, "[Source: REDACTED (...); line: 1,
    // column: 1]": as a place in the card instead.
    String why =
        (advice < 0 ? original : original.substring(0, advice))
            .replaceAll(
                "\\[Source: [^\\]]*?; line: (\\d+), column: (\\d+)\\]", "line $1, column $2")
            // A limit's source in Jackson's own settings: "(1000, from
            // `StreamReadConstraints...`)".
            .replaceAll(", from `[^`]*`", "");
    return e.getLocation() == null
        ? why
        : why
            + " (line "
            + e.getLocation().getLineNr()
            + ", column "
            + e.getLocation().getColumnNr()
            + ")";
  }

  private static final Pattern REQUIRED =
      Pattern.compile("^Missing required creator property '([^']+)'");

  /**
   * Why a card does not map, naming the field: "'threshold' is missing", not Jackson's advice on
   * its own settings.
   */
  private static String reasonOf(Exception e) {
    if (!(e instanceof JsonMappingException mapping)) {
      return e.getMessage();
    }
    // The card's own check refused a value: its words, not Jackson's "Cannot construct instance of
    // `org.latamml.artifact.ModelCard`, problem: ...".
    if (mapping instanceof ValueInstantiationException
        && mapping.getCause() instanceof NullPointerException missing
        && missing.getMessage() != null) {
      return "'" + missing.getMessage() + "' is missing";
    }
    String original =
        mapping instanceof ValueInstantiationException && mapping.getCause() != null
            ? String.valueOf(mapping.getCause().getMessage())
            : mapping.getOriginalMessage();
    // A field the card must hold: "'evaluation.roc_auc' is missing", not Jackson's "Missing
    // required creator property 'roc_auc' (index 3)".
    Matcher required = REQUIRED.matcher(original == null ? "" : original);
    String missing = required.find() ? required.group(1) : null;
    if (mapping.getPath().isEmpty() && missing == null) {
      return original;
    }
    StringBuilder field = new StringBuilder();
    for (JsonMappingException.Reference reference : mapping.getPath()) {
      if (reference.getFieldName() != null) {
        field.append(field.isEmpty() ? "" : ".").append(reference.getFieldName());
      } else {
        field.append('[').append(reference.getIndex()).append(']');
      }
    }
    if (missing != null) {
      // Jackson's path ends at the missing field.
      return "'" + (field.isEmpty() ? missing : field) + "' is missing";
    }
    return "'"
        + field
        + "' "
        + (original != null && original.startsWith("Cannot map `null`") ? "is missing" : original);
  }

  /** The card as the JSON text written to disk. */
  public static String toJson(ModelCard card) {
    try {
      return JSON.writeValueAsString(card) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a model card always serialises", e);
    }
  }

  /** Writes a card. */
  public static void write(ModelCard card, Path file) throws IOException {
    Files.writeString(file, toJson(card), StandardCharsets.UTF_8);
  }
}
