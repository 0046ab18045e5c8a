package org.latamml.problem;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.io.IOException;

/**
 * Reads a body to its end before a value in it is refused, so that a body that is not JSON answers
 * 400 (malformed-json) however early a value of the wrong type stands in it: Jackson stops at the
 * first such value, and <code>{"Vlo_l": {nope}</code> answered 422 naming {@code Vlo_l}. Each
 * method leaves the refusal itself to Jackson; only a body found malformed, or followed by more, is
 * refused here instead. Not covered: the coercions {@link StrictJson} refuses (true or 3.5 for
 * text, say), which Jackson refuses without asking a handler; they still answer 422 first.
 */
public final class SyntaxBeforeTypes extends DeserializationProblemHandler {
  private static final Object READ = SyntaxBeforeTypes.class;

  @Override
  public Object handleUnexpectedToken(
      DeserializationContext context,
      JavaType targetType,
      JsonToken token,
      JsonParser parser,
      String failureMessage)
      throws IOException {
    readToTheEnd(context, parser);
    return NOT_HANDLED;
  }

  @Override
  public Object handleWeirdStringValue(
      DeserializationContext context, Class<?> targetType, String value, String failureMessage)
      throws IOException {
    readToTheEnd(context, context.getParser());
    return NOT_HANDLED;
  }

  @Override
  public Object handleWeirdNumberValue(
      DeserializationContext context, Class<?> targetType, Number value, String failureMessage)
      throws IOException {
    readToTheEnd(context, context.getParser());
    return NOT_HANDLED;
  }

  @Override
  public Object handleWeirdKey(
      DeserializationContext context, Class<?> rawKeyType, String key, String failureMessage)
      throws IOException {
    readToTheEnd(context, context.getParser());
    return NOT_HANDLED;
  }

  @Override
  public Object handleInstantiationProblem(
      DeserializationContext context, Class<?> instanceClass, Object argument, Throwable problem)
      throws IOException {
    readToTheEnd(context, context.getParser());
    return NOT_HANDLED;
  }

  @Override
  public boolean handleUnknownProperty(
      DeserializationContext context,
      JsonParser parser,
      JsonDeserializer<?> deserializer,
      Object beanOrClass,
      String propertyName)
      throws IOException {
    // Jackson asks here even when it will skip the property and read on.
    if (context.isEnabled(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)) {
      readToTheEnd(context, parser);
    }
    return false;
  }

  /**
   * Reads past the value the parser stands on to the body's end, once a read: Jackson's own parse
   * failure if the rest is not JSON, a refusal if a second value follows the body's. Once, because
   * a deserializer may catch the failure of a first reading and refuse the value again, on a parser
   * past its end or broken (Jackson's time deserializers do).
   */
  public static void readToTheEnd(DeserializationContext context, JsonParser parser)
      throws IOException {
    if (parser == null || parser.isClosed() || context.getAttribute(READ) != null) {
      return;
    }
    context.setAttribute(READ, true);
    parser.skipChildren();
    while (parser.nextToken() != null) {
      if (isPastTheFirstValue(parser.getParsingContext())) {
        throw MismatchedInputException.from(
            parser, (JavaType) null, "the body holds something after its JSON value");
      }
    }
  }

  /** Whether the parser, at {@code context}, has begun a second value at the body's root. */
  static boolean isPastTheFirstValue(JsonStreamContext context) {
    JsonStreamContext root = context;
    while (root.getParent() != null) {
      root = root.getParent();
    }
    return root.getEntryCount() > 1;
  }
}
