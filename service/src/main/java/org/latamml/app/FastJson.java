package org.latamml.app;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.deser.LocalDateTimeDeserializer;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.LocalDateTime;

/**
 * The app's JSON mapper made cheaper per field, for every route alike: Blackbird's generated
 * accessors instead of reflection, and local times in their one common form read without a
 * formatter (docs/PERFORMANCE.md, "Batch scoring").
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
            .addDeserializer(LocalDateTime.class, new PlainLocalTimes()));
  }

  /**
   * The time {@code text} writes as {@code yyyy-MM-ddTHH:mm:ss}, as this mapper reads it; null for
   * any other text (which the mapper hands to Jackson's own reading).
   */
  public static LocalDateTime plainLocalTime(String text) {
    return PlainLocalTimes.plain(text);
  }

  /**
   * {@code 2017-03-01T10:00:00} read digit by digit; anything else (no seconds, fractions, a
   * number, a bad date) goes to Jackson's own deserializer, which accepts and refuses the same
   * texts with the same message.
   */
  static final class PlainLocalTimes extends LocalDateTimeDeserializer {
    private static final long serialVersionUID = 1L;

    PlainLocalTimes() {
      super();
    }

    @Override
    public LocalDateTime deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      if (parser.hasToken(JsonToken.VALUE_STRING)) {
        LocalDateTime read = plain(parser.getText());
        if (read != null) {
          return read;
        }
      }
      return super.deserialize(parser, context);
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
}
