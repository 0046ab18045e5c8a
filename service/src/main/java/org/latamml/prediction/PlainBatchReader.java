package org.latamml.prediction;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.latamml.app.FastJson;

/**
 * Reads the common shape of a {@code POST /v1/predictions} body straight from Jackson's token
 * stream: one {@code flights} array of objects whose known fields are strings or null, each at most
 * once, times written {@code yyyy-MM-ddTHH:mm:ss}, nothing after the body. Anything else (another
 * key, a number, a duplicate, a time in another form, bad JSON) reads as null, and the mapper reads
 * the body as the resource does, with its own answers and messages: this reader accepts only what
 * the mapper reads the same. The mapper's record binding and per-object duplicate sets cost a third
 * of a batch's time (docs/PERFORMANCE.md, "Batch scoring, again").
 */
final class PlainBatchReader {
  private static final int AIRLINE = 1;
  private static final int FLIGHT_TYPE = 2;
  private static final int SCHEDULED_DEPARTURE = 4;
  private static final int DESTINATION = 8;
  private static final int FLIGHT_NUMBER = 16;

  private final JsonFactory factory;

  PlainBatchReader(JsonFactory factory) {
    this.factory = factory;
  }

  /** The request the body holds, or null when it is not of the common shape. */
  BatchPredictionResource.Request read(byte[] body) {
    try (JsonParser json = factory.createParser(body)) {
      // Duplicates are found below, by the few keys this reader takes.
      json.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      if (json.nextToken() != JsonToken.START_OBJECT
          || json.nextToken() != JsonToken.FIELD_NAME
          || !"flights".equals(json.currentName())
          || json.nextToken() != JsonToken.START_ARRAY) {
        return null;
      }
      // Made about as large as the body's flights, not grown to them six times for a hundred (a
      // flight of the common shape takes some 100 bytes, rarely under 64; docs/PERFORMANCE.md,
      // "Lists made to size").
      List<FlightFeatures> flights =
          new ArrayList<>(Math.min(BatchPredictionResource.MAX_FLIGHTS, body.length / 64 + 1));
      JsonToken token;
      while ((token = json.nextToken()) == JsonToken.START_OBJECT) {
        FlightFeatures flight = flightOf(json);
        if (flight == null) {
          return null;
        }
        flights.add(flight);
      }
      if (token != JsonToken.END_ARRAY
          || json.nextToken() != JsonToken.END_OBJECT
          || json.nextToken() != null) {
        return null;
      }
      return new BatchPredictionResource.Request(flights);
    } catch (IOException e) {
      return null;
    }
  }

  private static FlightFeatures flightOf(JsonParser json) throws IOException {
    String airline = null;
    String flightType = null;
    LocalDateTime scheduled = null;
    String destination = null;
    String number = null;
    int seen = 0;
    JsonToken token;
    while ((token = json.nextToken()) == JsonToken.FIELD_NAME) {
      int field = fieldOf(json.currentName());
      JsonToken value = json.nextToken();
      if (field == 0
          || (seen & field) != 0
          || !(value == JsonToken.VALUE_STRING || value == JsonToken.VALUE_NULL)) {
        return null;
      }
      seen |= field;
      String text = value == JsonToken.VALUE_NULL ? null : json.getText();
      switch (field) {
        case AIRLINE -> airline = text;
        case FLIGHT_TYPE -> flightType = text;
        case DESTINATION -> destination = text;
        case FLIGHT_NUMBER -> number = text;
        default -> {
          if (text != null) {
            scheduled = FastJson.plainLocalTime(text);
            if (scheduled == null) {
              return null;
            }
          }
        }
      }
    }
    return token == JsonToken.END_OBJECT
        ? new FlightFeatures(airline, flightType, scheduled, destination, number)
        : null;
  }

  private static int fieldOf(String name) {
    return switch (name) {
      case "airline" -> AIRLINE;
      case "flight_type" -> FLIGHT_TYPE;
      case "scheduled_departure" -> SCHEDULED_DEPARTURE;
      case "destination" -> DESTINATION;
      case "flight_number" -> FLIGHT_NUMBER;
      default -> 0;
    };
  }
}
