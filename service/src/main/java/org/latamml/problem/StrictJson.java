package org.latamml.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.util.Locale;
import org.latamml.app.RequestLimits;

/**
 * Every JSON body is read with duplicate keys refused: a parser would keep one of the values, and
 * which one is nobody's contract, so the service answers 400 naming the key instead. A number with
 * a fraction where a whole number is wanted ({@code "MES": 3.5}) and true or false where text is
 * wanted are refused too (Jackson would cut the one to 3 and read the other as "true"); a whole
 * number where text is wanted is read as its text ({@code "flight_number": 940}), but not one with
 * a fraction or an exponent, which Jackson would write again as a double ({@code 1E2} as "100.0",
 * {@code 1e309} as "Infinity"). A flag takes true or false alone (Jackson would take 2 or "true"
 * for true), and a body holds one JSON value: content after it is refused, not ignored. A body sent
 * without a length (in chunks, or over HTTP/2) is read as it streams in, past any route's declared
 * limit: the parser stops it at the largest body a JSON route takes, so that no caller can make the
 * service hold more than that for a request. A body that is not JSON is refused as such even where
 * a value of the wrong type comes first in it ({@link SyntaxBeforeTypes}).
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {
  @Override
  public void customize(ObjectMapper mapper) {
    mapper.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
    mapper
        .coercionConfigFor(LogicalType.Integer)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.Boolean)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    mapper.addHandler(new SyntaxBeforeTypes());
    mapper
        .getFactory()
        .setStreamReadConstraints(
            mapper
                .getFactory()
                .streamReadConstraints()
                .rebuild()
                .maxDocumentLength(RequestLimits.MAX_PUSH_BODY)
                .build());
  }

  /**
   * Why Jackson stopped a body at one of its other limits (its defaults): a value nested too deep,
   * a number or a key too long. Null for the document length, which is {@link
   * #isPastTheLargestBody}'s.
   */
  static MalformedJsonProblem pastTheParsersLimits(JsonProcessingException e) {
    if (!(e instanceof StreamConstraintsException) || isPastTheLargestBody(e)) {
      return null;
    }
    StreamReadConstraints limits = StreamReadConstraints.defaults();
    String why = String.valueOf(e.getOriginalMessage());
    String said;
    int limit;
    if (why.startsWith("Document nesting depth")) {
      said = "the body's JSON is nested deeper than %,d levels";
      limit = limits.getMaxNestingDepth();
    } else if (why.startsWith("Number value length")) {
      said = "the body holds a number of more than %,d digits";
      limit = limits.getMaxNumberLength();
    } else if (why.startsWith("Name length")) {
      said = "the body holds a key longer than %,d bytes";
      limit = limits.getMaxNameLength();
    } else {
      return new MalformedJsonProblem("the body's JSON is past the parser's limits");
    }
    return new MalformedJsonProblem(String.format(Locale.ROOT, said, limit));
  }

  /** Whether Jackson stopped a body at the document length set above. */
  static boolean isPastTheLargestBody(JsonProcessingException e) {
    return e instanceof StreamConstraintsException
        && e.getOriginalMessage() != null
        && e.getOriginalMessage().startsWith("Document length");
  }
}
