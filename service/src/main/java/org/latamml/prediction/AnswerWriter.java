package org.latamml.prediction;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;

/**
 * Writes a batch answer as its record's bean serializer would, byte for byte, with the texts every
 * answer of a batch repeats (names, labels, the version, a fallback's reason) encoded once: a batch
 * of 100 flights spent a fifth of its time writing them (docs/PERFORMANCE.md, "Batch scoring,
 * again").
 */
final class AnswerWriter extends StdSerializer<BatchPredictionResource.Answer> {
  private static final long serialVersionUID = 1L;
  private static final SerializedString PROBABILITY = new SerializedString("probability");
  private static final SerializedString DELAYED = new SerializedString("delayed");
  private static final SerializedString LABEL = new SerializedString("label");
  private static final SerializedString MODEL_VERSION = new SerializedString("model_version");
  private static final SerializedString FALLBACK = new SerializedString("fallback");
  private static final SerializedString HIGH = new SerializedString(Prediction.HIGH);
  private static final SerializedString LOW = new SerializedString(Prediction.LOW);

  // The last text of each kind, kept while the next answer holds the same instance: a model's
  // version and its reasons are one string each (Predictor), so a batch encodes each once.
  private transient volatile Encoded version;
  private transient volatile Encoded fallback;

  AnswerWriter() {
    super(BatchPredictionResource.Answer.class);
  }

  @Override
  public void serialize(
      BatchPredictionResource.Answer answer, JsonGenerator json, SerializerProvider provider)
      throws IOException {
    json.writeStartObject(answer);
    json.writeFieldName(PROBABILITY);
    json.writeNumber(answer.probability());
    json.writeFieldName(DELAYED);
    json.writeBoolean(answer.delayed());
    json.writeFieldName(LABEL);
    writeLabel(json, answer.label());
    json.writeFieldName(MODEL_VERSION);
    Encoded knownVersion = version;
    if (answer.modelVersion() == null) {
      json.writeNull();
    } else {
      if (!holds(knownVersion, answer.modelVersion())) {
        knownVersion = new Encoded(answer.modelVersion());
        version = knownVersion;
      }
      knownVersion.write(json);
    }
    if (answer.fallback() != null) {
      Encoded knownFallback = fallback;
      if (!holds(knownFallback, answer.fallback())) {
        knownFallback = new Encoded(answer.fallback());
        fallback = knownFallback;
      }
      json.writeFieldName(FALLBACK);
      knownFallback.write(json);
    }
    if (answer.explanation() != null) {
      provider.defaultSerializeField("explanation", answer.explanation(), json);
    }
    json.writeEndObject();
  }

  // Identity on purpose: comparing the characters of a long reason would cost what it saves.
  @SuppressWarnings("ReferenceEquality")
  private static boolean holds(Encoded known, String text) {
    return known != null && known.text == text;
  }

  private static void writeLabel(JsonGenerator json, String label) throws IOException {
    if (Prediction.HIGH.equals(label)) {
      json.writeString(HIGH);
    } else if (Prediction.LOW.equals(label)) {
      json.writeString(LOW);
    } else if (label == null) {
      json.writeNull();
    } else {
      json.writeString(label);
    }
  }

  /**
   * A text and its JSON encoding, compared by identity: equal texts need not be the same. Only an
   * ASCII text is encoded ahead: Jackson's generator escapes characters past the basic plane one
   * half at a time, which a pre-encoded string would write raw.
   */
  private static final class Encoded {
    private final String text;
    private final SerializedString json;

    private Encoded(String text) {
      this.text = text;
      this.json = text.chars().allMatch(c -> c < 0x80) ? new SerializedString(text) : null;
    }

    private void write(JsonGenerator generator) throws IOException {
      if (json == null) {
        generator.writeString(text);
      } else {
        generator.writeString(json);
      }
    }
  }
}
