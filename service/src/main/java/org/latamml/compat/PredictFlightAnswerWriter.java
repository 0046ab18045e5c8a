package org.latamml.compat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.ResolvableSerializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.time.LocalDateTime;
import org.latamml.store.FlightView;

/**
 * Writes {@code POST /predict-flight}'s answer, its flight inline, as the records' bean serializers
 * would, byte for byte, with the names encoded once: the bean serializers took 6-7 % of the event
 * loops' time on the route, most of it in their own dispatch rather than in the writing
 * (docs/PERFORMANCE.md, "predict-flight's answer written field by field"). Times go through the
 * mapper's own serializer for them; an explanation through the mapper as a whole.
 */
final class PredictFlightAnswerWriter extends StdSerializer<PrototypeResource.Response>
    implements ResolvableSerializer {
  private static final long serialVersionUID = 1L;
  private static final SerializedString PREDICTION = new SerializedString("Prediction");
  private static final SerializedString PROBABILITY = new SerializedString("probability");
  private static final SerializedString MODEL_VERSION = new SerializedString("model_version");
  private static final SerializedString FLIGHT = new SerializedString("flight");
  private static final SerializedString FALLBACK = new SerializedString("fallback");
  private static final SerializedString ID = new SerializedString("id");
  private static final SerializedString SCHEDULED_DEPARTURE =
      new SerializedString("scheduled_departure");
  private static final SerializedString FLIGHT_NUMBER = new SerializedString("flight_number");
  private static final SerializedString AIRLINE = new SerializedString("airline");
  private static final SerializedString AIRLINE_CODE = new SerializedString("airline_code");
  private static final SerializedString FLIGHT_TYPE = new SerializedString("flight_type");
  private static final SerializedString DESTINATION = new SerializedString("destination");
  private static final SerializedString DESTINATION_CITY = new SerializedString("destination_city");
  private static final SerializedString ACTUAL_DEPARTURE = new SerializedString("actual_departure");

  // The mapper's serializer of times, found once: looking it up for each time cost as much as
  // writing it.
  private transient JsonSerializer<Object> times;

  PredictFlightAnswerWriter() {
    super(PrototypeResource.Response.class);
  }

  @Override
  public void resolve(SerializerProvider provider) throws JsonMappingException {
    times = provider.findValueSerializer(LocalDateTime.class);
  }

  @Override
  public void serialize(
      PrototypeResource.Response answer, JsonGenerator json, SerializerProvider provider)
      throws IOException {
    json.writeStartObject(answer);
    json.writeFieldName(PREDICTION);
    writeText(json, answer.prediction());
    json.writeFieldName(PROBABILITY);
    json.writeNumber(answer.probability());
    json.writeFieldName(MODEL_VERSION);
    writeText(json, answer.modelVersion());
    json.writeFieldName(FLIGHT);
    writeFlight(json, answer.flight(), provider);
    if (answer.fallback() != null) {
      json.writeFieldName(FALLBACK);
      json.writeString(answer.fallback());
    }
    if (answer.explanation() != null) {
      provider.defaultSerializeField("explanation", answer.explanation(), json);
    }
    json.writeEndObject();
  }

  private void writeFlight(JsonGenerator json, FlightView flight, SerializerProvider provider)
      throws IOException {
    if (flight == null) {
      json.writeNull();
      return;
    }
    json.writeStartObject(flight);
    json.writeFieldName(ID);
    json.writeNumber(flight.id());
    json.writeFieldName(SCHEDULED_DEPARTURE);
    writeTime(json, flight.scheduledDeparture(), provider);
    json.writeFieldName(FLIGHT_NUMBER);
    writeText(json, flight.flightNumber());
    json.writeFieldName(AIRLINE);
    writeText(json, flight.airline());
    json.writeFieldName(AIRLINE_CODE);
    writeText(json, flight.airlineCode());
    json.writeFieldName(FLIGHT_TYPE);
    writeText(json, flight.flightType());
    json.writeFieldName(DESTINATION);
    writeText(json, flight.destination());
    json.writeFieldName(DESTINATION_CITY);
    writeText(json, flight.destinationCity());
    json.writeFieldName(ACTUAL_DEPARTURE);
    writeTime(json, flight.actualDeparture(), provider);
    json.writeEndObject();
  }

  private static void writeText(JsonGenerator json, String text) throws IOException {
    if (text == null) {
      json.writeNull();
    } else {
      json.writeString(text);
    }
  }

  private void writeTime(JsonGenerator json, LocalDateTime time, SerializerProvider provider)
      throws IOException {
    if (time == null) {
      json.writeNull();
    } else {
      times.serialize(time, json, provider);
    }
  }
}
