package org.latamml.inference;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.latamml.prediction.BatchPredictionResource;

/**
 * Reads the common shape of an inference request straight from Jackson's token stream: an object of
 * an {@code id} (a string), {@code inputs} and {@code outputs}, each at most once; each input an
 * object of a string {@code name} and {@code datatype}, a {@code shape} of whole numbers and flat
 * {@code data} of strings, each at most once; each output an object of a string {@code name};
 * nothing after the body. Anything else ({@code parameters}, nested data, another key, a duplicate,
 * bad JSON) reads as null, and the route's resource reads the body with the mapper and answers it:
 * this reader accepts only what the mapper reads the same. The mapper's tree of every value cost
 * half of a hundred flights' time (docs/PERFORMANCE.md, "The inference protocol on the event
 * loop").
 */
final class PlainInferenceReader {
  private final JsonFactory factory;

  PlainInferenceReader(JsonFactory factory) {
    this.factory = factory;
  }

  /**
   * A request of the common shape.
   *
   * @param id its {@code id}, or null
   * @param inputs its input columns, in their order
   * @param outputs the names of the outputs it asks for, or null when it names none
   */
  record Request(String id, List<InferenceInputs.Column> inputs, List<String> outputs) {}

  /** The request the body holds, or null when it is not of the common shape. */
  Request read(byte[] body) {
    try (JsonParser json = factory.createParser(body)) {
      // Duplicates are found below, by the few keys this reader takes.
      json.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      if (json.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      String id = null;
      List<InferenceInputs.Column> inputs = null;
      List<String> outputs = null;
      boolean idSeen = false;
      JsonToken token;
      while ((token = json.nextToken()) == JsonToken.FIELD_NAME) {
        String key = json.currentName();
        JsonToken value = json.nextToken();
        if (key.equals("id") && !idSeen && value == JsonToken.VALUE_STRING) {
          id = json.getText();
          idSeen = true;
        } else if (key.equals("inputs") && inputs == null && value == JsonToken.START_ARRAY) {
          inputs = inputsOf(json);
          if (inputs == null) {
            return null;
          }
        } else if (key.equals("outputs") && outputs == null && value == JsonToken.START_ARRAY) {
          outputs = outputsOf(json);
          if (outputs == null) {
            return null;
          }
        } else {
          return null;
        }
      }
      if (token != JsonToken.END_OBJECT || json.nextToken() != null) {
        return null;
      }
      return new Request(id, inputs, outputs);
    } catch (IOException e) {
      return null;
    }
  }

  private static List<InferenceInputs.Column> inputsOf(JsonParser json) throws IOException {
    List<InferenceInputs.Column> inputs = new ArrayList<>(5);
    JsonToken token;
    while ((token = json.nextToken()) == JsonToken.START_OBJECT) {
      // Only as many columns as a request may name are made to their shape's size: a body of
      // thousands of columns (refused afterwards) takes no more room than it did.
      InferenceInputs.Column input = inputOf(json, inputs.size() < InferenceInputs.INPUTS.size());
      if (input == null) {
        return null;
      }
      inputs.add(input);
    }
    return token == JsonToken.END_ARRAY ? inputs : null;
  }

  private static InferenceInputs.Column inputOf(JsonParser json, boolean sized) throws IOException {
    String name = null;
    String datatype = null;
    List<Long> shape = null;
    List<String> data = null;
    JsonToken token;
    while ((token = json.nextToken()) == JsonToken.FIELD_NAME) {
      String key = json.currentName();
      JsonToken value = json.nextToken();
      if (key.equals("name") && name == null && value == JsonToken.VALUE_STRING) {
        name = json.getText();
      } else if (key.equals("datatype") && datatype == null && value == JsonToken.VALUE_STRING) {
        datatype = json.getText();
      } else if (key.equals("shape") && shape == null && value == JsonToken.START_ARRAY) {
        shape = shapeOf(json);
        if (shape == null) {
          return null;
        }
      } else if (key.equals("data") && data == null && value == JsonToken.START_ARRAY) {
        data = stringsOf(json, sized ? expectedCount(shape) : 10);
        if (data == null) {
          return null;
        }
      } else {
        return null;
      }
    }
    if (token != JsonToken.END_OBJECT || data == null) {
      return null;
    }
    return new InferenceInputs.Column(name, shape, datatype, null, data);
  }

  private static List<Long> shapeOf(JsonParser json) throws IOException {
    List<Long> shape = new ArrayList<>(2);
    JsonToken token;
    while ((token = json.nextToken()) == JsonToken.VALUE_NUMBER_INT) {
      JsonParser.NumberType type = json.getNumberType();
      if (type != JsonParser.NumberType.INT && type != JsonParser.NumberType.LONG) {
        return null;
      }
      shape.add(json.getLongValue());
    }
    return token == JsonToken.END_ARRAY ? shape : null;
  }

  /**
   * How many values a shape read before the data says to expect, within a batch's most: the list
   * that takes them is made that size, not grown to it (a hundred flights' columns grew six times
   * each, docs/PERFORMANCE.md, "Lists made to size"). The data's own length is checked later.
   */
  private static int expectedCount(List<Long> shape) {
    if (shape == null || shape.isEmpty()) {
      return 10;
    }
    long count = 1;
    for (long dimension : shape) {
      if (dimension < 1) {
        return 10;
      }
      // At most a batch's most times a batch's most: no overflow.
      count =
          Math.min(
              count * Math.min(dimension, BatchPredictionResource.MAX_FLIGHTS),
              BatchPredictionResource.MAX_FLIGHTS);
    }
    return (int) count;
  }

  private static List<String> stringsOf(JsonParser json, int expected) throws IOException {
    List<String> values = new ArrayList<>(expected);
    JsonToken token;
    while ((token = json.nextToken()) == JsonToken.VALUE_STRING) {
      values.add(json.getText());
    }
    return token == JsonToken.END_ARRAY ? values : null;
  }

  private static List<String> outputsOf(JsonParser json) throws IOException {
    List<String> names = new ArrayList<>(2);
    JsonToken token;
    while ((token = json.nextToken()) == JsonToken.START_OBJECT) {
      if (json.nextToken() != JsonToken.FIELD_NAME
          || !json.currentName().equals("name")
          || json.nextToken() != JsonToken.VALUE_STRING) {
        return null;
      }
      names.add(json.getText());
      if (json.nextToken() != JsonToken.END_OBJECT) {
        return null;
      }
    }
    return token == JsonToken.END_ARRAY ? names : null;
  }
}
