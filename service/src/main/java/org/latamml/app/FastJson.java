package org.latamml.app;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.deser.LocalDateTimeDeserializer;
import com.fasterxml.jackson.datatype.jsr310.ser.LocalDateTimeSerializer;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The app's JSON mapper made cheaper per field, for every route alike: Blackbird's generated
 * accessors instead of reflection, and local times in their one common form read and written
 * without a formatter (docs/PERFORMANCE.md, "Batch scoring" and "Local times written plainly").
 */
@Singleton
public class FastJson implements ObjectMapperCustomizer {
  /** Last of all: Jackson prefers the deserializers of modules registered later. */
  @Override
  public int priority() {
    return MINIMUM_PRIORITY;
  }

  @Override
  public void customize(ObjectMapper mapper) {
    mapper.registerModule(new BlackbirdModule());
    // After Quarkus's JavaTimeModule, so this one is found first for LocalDateTime.
    mapper.registerModule(
        new SimpleModule("latam-local-times")
            .addDeserializer(LocalDateTime.class, new PlainLocalTimes())
            .addSerializer(LocalDateTime.class, new PlainLocalTimeWriter()));
  }

  /**
   * The time {@code text} writes as {@code yyyy-MM-ddTHH:mm:ss}, as this mapper reads it; null for
   * any other text (which the mapper hands to Jackson's own reading).
   */
  public static LocalDateTime plainLocalTime(String text) {
    return PlainLocalTimes.plain(text);
  }

  /**
   * {@code 2017-03-01T10:00:00} read digit by digit; a time ending in {@code Z} refused, as one
   * with an offset is; anything else (no seconds, fractions, a number, a bad date) goes to
   * Jackson's own deserializer, which accepts and refuses the same texts with the same message.
   */
  static final class PlainLocalTimes extends LocalDateTimeDeserializer {
    private static final long serialVersionUID = 1L;

    PlainLocalTimes() {
      super();
    }

    @Override
    public LocalDateTime deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      String text = parser.hasToken(JsonToken.VALUE_STRING) ? parser.getText() : null;
      LocalDateTime read = text == null ? null : plain(text);
      if (read != null) {
        return read;
      }
      try {
        // Jackson reads a time ending in Z as the same local time, without the Z: a feeder
        // sending UTC would have every flight moved by Santiago's offset, unseen. Refused as
        // offsets are.
        if (text != null && text.strip().endsWith("Z")) {
          throw context.weirdStringException(
              text, LocalDateTime.class, "a local time of Santiago carries no zone");
        }
        // To the second, as every time is written back (yyyy-MM-ddTHH:mm:ss): a schedule sent as
        // 11:00:00.000 is the flight of 11:00, and answers keep their documented format.
        return secondsOf(super.deserialize(parser, context));
      } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
        // Jackson refuses most of these without asking the handlers: a body that is not JSON is
        // said to be so first.
        org.latamml.problem.SyntaxBeforeTypes.readToTheEnd(context, parser);
        throw e;
      }
    }

    private static LocalDateTime secondsOf(LocalDateTime read) {
      return read == null ? null : read.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }

    /** The time {@code text} writes as {@code yyyy-MM-ddTHH:mm:ss}; null for any other text. */
    static LocalDateTime plain(String text) {
      if (text.length() != 19
          || text.charAt(4) != '-'
          || text.charAt(7) != '-'
          || text.charAt(10) != 'T'
          || text.charAt(13) != ':'
          || text.charAt(16) != ':') {
        return null;
      }
      int year = digits(text, 0, 4);
      int month = digits(text, 5, 2);
      int day = digits(text, 8, 2);
      int hour = digits(text, 11, 2);
      int minute = digits(text, 14, 2);
      int second = digits(text, 17, 2);
      if ((year | month | day | hour | minute | second) < 0) {
        return null;
      }
      try {
        return LocalDateTime.of(year, month, day, hour, minute, second);
      } catch (DateTimeException e) {
        return null;
      }
    }

    /** The number {@code count} ASCII digits at {@code from} write; -1 if one is not a digit. */
    private static int digits(String text, int from, int count) {
      int value = 0;
      for (int i = from; i < from + count; i++) {
        int digit = text.charAt(i) - '0';
        if (digit < 0 || digit > 9) {
          return -1;
        }
        value = value * 10 + digit;
      }
      return value;
    }
  }

  /**
   * A local time of a year from 0 to 9999 and no fraction of a second written as {@code
   * yyyy-MM-ddTHH:mm:ss} digit by digit, as Jackson's formatter writes it (a flight's times, in
   * every answer that names one); any other time, or one whose property asks for a pattern or for
   * numbers, is written by Jackson's own serializer.
   */
  static final class PlainLocalTimeWriter extends LocalDateTimeSerializer {
    private static final long serialVersionUID = 1L;

    PlainLocalTimeWriter() {
      super();
    }

    private PlainLocalTimeWriter(
        PlainLocalTimeWriter base,
        Boolean useTimestamp,
        Boolean useNanoseconds,
        DateTimeFormatter formatter) {
      super(base, useTimestamp, useNanoseconds, formatter);
    }

    // A property's settings (Jackson contextualizes every property's serializer) keep this one.
    @Override
    protected LocalDateTimeSerializer withFormat(
        Boolean useTimestamp, DateTimeFormatter formatter, JsonFormat.Shape shape) {
      return new PlainLocalTimeWriter(this, useTimestamp, _useNanoseconds, formatter);
    }

    @Override
    protected LocalDateTimeSerializer withFeatures(Boolean writeZoneId, Boolean writeNanoseconds) {
      return new PlainLocalTimeWriter(this, _useTimestamp, writeNanoseconds, _formatter);
    }

    @Override
    public void serialize(LocalDateTime value, JsonGenerator generator, SerializerProvider provider)
        throws IOException {
      int year = value.getYear();
      if (_formatter != null
          || value.getNano() != 0
          || year < 0
          || year > 9999
          || useTimestamp(provider)) {
        super.serialize(value, generator, provider);
        return;
      }
      char[] text = new char[19];
      put(text, 0, year, 4);
      text[4] = '-';
      put(text, 5, value.getMonthValue(), 2);
      text[7] = '-';
      put(text, 8, value.getDayOfMonth(), 2);
      text[10] = 'T';
      put(text, 11, value.getHour(), 2);
      text[13] = ':';
      put(text, 14, value.getMinute(), 2);
      text[16] = ':';
      put(text, 17, value.getSecond(), 2);
      generator.writeString(text, 0, text.length);
    }

    /** {@code value}'s last {@code count} decimal digits at {@code from}, zeros first. */
    private static void put(char[] text, int from, int value, int count) {
      for (int i = from + count - 1; i >= from; i--) {
        text[i] = (char) ('0' + value % 10);
        value /= 10;
      }
    }
  }
}
