package org.latamml.problem;

import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import java.time.temporal.Temporal;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Names JSON fields and types for problem bodies, as a caller writes them. */
public final class JsonTypes {
  private JsonTypes() {}

  /**
   * The problem of a body that does not fit its type, its field named under {@code root}: a field
   * the type does not have (where the type refuses unknown fields), or a value of the wrong type.
   */
  public static InvalidInputProblem invalid(
      com.fasterxml.jackson.databind.exc.MismatchedInputException e, String root) {
    String field = under(root, e);
    if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException unknown) {
      return new InvalidInputProblem(
          field,
          "is not a field here; the fields are "
              + String.join(
                  ", ",
                  unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList()));
    }
    String expected = e.getTargetType() == null ? "another type" : describe(e.getTargetType());
    return field.isEmpty()
        ? InvalidInputProblem.ofBody("the body must be " + expected)
        : new InvalidInputProblem(field, "must be " + expected);
  }

  /**
   * The problem of a value that could not be bound to its field, named under {@code root}: a value
   * of the wrong type, one its type refused (a field problem of its own, renamed from the outside),
   * a number out of its field's range, or otherwise one that is not valid.
   */
  public static InvalidInputProblem unbound(JsonMappingException e, String root) {
    if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException mismatch) {
      return invalid(mismatch, root);
    }
    String field = under(root, e);
    if (e.getCause() instanceof InvalidInputProblem refused) {
      return prefixed(refused, field);
    }
    String detail =
        e.getCause() instanceof com.fasterxml.jackson.core.exc.InputCoercionException
            ? "is a number out of range"
            : "is not valid";
    return field.isEmpty()
        ? InvalidInputProblem.ofBody("the body " + detail)
        : new InvalidInputProblem(field, detail);
  }

  // The field's name under root ("message.data." names a Pub/Sub message's payload), root itself
  // when the value is the root's.
  private static String under(String root, JsonMappingException e) {
    String at = path(e.getPath());
    return MalformedJsonProblem.named(
        at.isEmpty() && root.endsWith(".") ? root.substring(0, root.length() - 1) : root + at);
  }

  /** A Jackson path as {@code flights[3].flight_type}. */
  public static String path(List<JsonMappingException.Reference> references) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference reference : references) {
      if (reference.getFieldName() != null) {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  /**
   * Where a parser is, named as {@link #path(List)} names a binding's place ({@code a[0].b}): the
   * parser's contexts hold every level, objects the binding skipped included.
   */
  static String path(JsonStreamContext at) {
    java.util.ArrayDeque<String> steps = new java.util.ArrayDeque<>();
    for (JsonStreamContext level = at;
        level != null && !level.inRoot();
        level = level.getParent()) {
      steps.push(
          level.inArray() ? "[" + level.getCurrentIndex() + "]" : "." + level.getCurrentName());
    }
    String path = String.join("", steps);
    return path.startsWith(".") ? path.substring(1) : path;
  }

  /** A field problem found inside a nested object, with the fields renamed from the outside. */
  static InvalidInputProblem prefixed(InvalidInputProblem problem, String prefix) {
    if (prefix.isEmpty()) {
      return problem;
    }
    return new InvalidInputProblem(
        problem.toProblem(null).errors().stream()
            .map(e -> new Problem.FieldError(prefix + "." + e.field(), e.detail()))
            .toList());
  }

  /** A Java type as a JSON caller knows it. */
  static String describe(Class<?> type) {
    if (type == String.class || type == Character.class || type == char.class) {
      // StrictJson takes a whole number for a string (an id sent as 76), never a fraction or a
      // boolean: the message says both, so that 76.0 is not read as "send text".
      return "a string or a whole number";
    }
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
      return "an integer";
    }
    if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
      return "a number";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    }
    if (type == java.time.LocalDateTime.class) {
      // A flight's times are the airport's local times: a zone (Z, -04:00) is refused, and said.
      return "a local date and time, without a zone, such as 2017-03-01T10:00:00";
    }
    if (Temporal.class.isAssignableFrom(type)) {
      return "a date and time such as 2017-03-01T10:00:00";
    }
    if (type.isArray() || Collection.class.isAssignableFrom(type)) {
      return "an array";
    }
    if (Map.class.isAssignableFrom(type) || type.isRecord()) {
      return "an object";
    }
    return "a " + type.getSimpleName();
  }
}
