package org.latamml.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.latamml.app.RequestLimits;

/**
 * Turns every failure into one problem body with the right status: one mapper per exception type,
 * each answering with a {@link ProblemException}. No message carries the request's content back,
 * and no stack trace leaves the service.
 */
public final class ProblemMappers {
  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

  @ServerExceptionMapper
  public Response problem(ProblemException e, UriInfo uri) {
    return e.toResponse(uri);
  }

  @ServerExceptionMapper
  public Response malformedJson(JsonParseException e, UriInfo uri) {
    String duplicate = duplicateKey(e);
    if (duplicate != null) {
      return problem(MalformedJsonProblem.duplicateKey(duplicate), uri);
    }
    String where =
        e.getLocation() == null
            ? ""
            : " (line "
                + e.getLocation().getLineNr()
                + ", column "
                + e.getLocation().getColumnNr()
                + ")";
    return problem(new MalformedJsonProblem("the body is not valid JSON" + where), uri);
  }

  /**
   * The path of the key Jackson's strict duplicate detection refused ({@code flights[0].airline}),
   * or null for any other parse failure. Jackson gives this failure no type of its own, and the
   * parser's state cannot tell it from a failure just after a key, so its whole message is compared
   * with the one Jackson builds for the key the parser holds. Should Jackson reword it, the answer
   * degrades to a plain malformed-JSON 400, never a wrong one, and ApiContractTest's duplicate-key
   * test fails on the upgrade. The path is the parser's, not the binding's: the binding's leaves
   * out an object it skipped (a field the route ignores), the parser's holds every level.
   */
  private static String duplicateKey(JsonParseException e) {
    JsonParser parser = e.getProcessor();
    if (parser != null) {
      JsonStreamContext at = parser.getParsingContext();
      String name = at.getCurrentName();
      if (name != null && ("Duplicate field '" + name + "'").equals(e.getOriginalMessage())) {
        return JsonTypes.path(at);
      }
    }
    return null;
  }

  @ServerExceptionMapper
  public Response wrongType(MismatchedInputException e, UriInfo uri) {
    if (isAfterTheValue(e)) {
      return problem(
          new MalformedJsonProblem("the body holds something after its JSON value"), uri);
    }
    return problem(JsonTypes.invalid(e, ""), uri);
  }

  /**
   * Whether the body's value was read whole and more followed it: the parser has begun a second
   * value at the root (a value of the wrong type anywhere stands within the first).
   */
  private static boolean isAfterTheValue(MismatchedInputException e) {
    return e.getProcessor() instanceof JsonParser parser
        && parser.getParsingContext() != null
        && SyntaxBeforeTypes.isPastTheFirstValue(parser.getParsingContext());
  }

  @ServerExceptionMapper
  public Response invalidValue(JsonMappingException e, UriInfo uri) {
    // Past one of the parser's limits (the body's length, nesting, a number's or a key's length).
    if (causeIn(e, StreamConstraintsException.class) instanceof StreamConstraintsException cause) {
      return unreadable(cause, uri);
    }
    if (causeIn(e, JsonParseException.class) instanceof JsonParseException parse) {
      return malformedJson(parse, uri);
    }
    if (e.getCause() instanceof ProblemException problem
        && !(problem instanceof InvalidInputProblem)) {
      return problem(problem, uri);
    }
    // A value its type refused, or a number too large for its field: said as the live routes say
    // it.
    return problem(JsonTypes.unbound(e, ""), uri);
  }

  /**
   * The parser's failure of {@code type} behind a binding failure, or null: the cause, or one
   * further down where Jackson's time deserializers wrap what a handler threw ({@link
   * SyntaxBeforeTypes}).
   */
  private static Throwable causeIn(JsonMappingException e, Class<? extends Throwable> type) {
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return cause;
      }
    }
    return null;
  }

  @ServerExceptionMapper
  public Response unreadable(JsonProcessingException e, UriInfo uri) {
    if (StrictJson.isPastTheLargestBody(e)) {
      return problem(
          new ContentTooLargeProblem(
              "the body, sent without a length, is larger than "
                  + RequestLimits.MAX_PUSH_BODY
                  + " bytes, the most any JSON route takes"),
          uri);
    }
    MalformedJsonProblem limit = StrictJson.pastTheParsersLimits(e);
    return problem(
        limit != null ? limit : new MalformedJsonProblem("the body cannot be read as JSON"), uri);
  }

  @ServerExceptionMapper
  public Response http(WebApplicationException e, UriInfo uri) {
    if (e.getCause() instanceof JsonParseException parse) {
      return malformedJson(parse, uri);
    }
    if (e.getCause() instanceof MismatchedInputException mismatch) {
      return wrongType(mismatch, uri);
    }
    if (e.getCause() instanceof JsonMappingException mapping) {
      return invalidValue(mapping, uri);
    }
    if (e.getCause() instanceof JsonProcessingException unreadable) {
      // Past Jackson's limits (1,000 levels of nesting, say).
      return unreadable(unreadable, uri);
    }
    String path = path(uri);
    ProblemException problem =
        switch (e.getResponse().getStatus()) {
          case 404 -> new NotFoundProblem("no-resource", "no resource at this path");
          case 405 ->
              new MethodNotAllowedProblem(
                  "this method is not allowed here; the Allow header lists those that are",
                  allowed(e.getResponse().getHeaderString("Allow"), path));
          case 406 ->
              new NotAcceptableProblem(
                  "this resource answers application/json (the prediction log also text/csv)");
          case 413 -> new ContentTooLargeProblem("the body is too large");
          case 415 ->
              new UnsupportedMediaTypeProblem(
                  "this route takes a body of another media type: "
                      + (path.equals("/v1/models") || path.equals("/v1/models/")
                          ? "multipart/form-data with the parts card and onnx"
                          : "application/json"));
          default -> new HttpProblem(e.getResponse().getStatus(), "the request failed");
        };
    return problem.toResponse(path);
  }

  /**
   * A body that could not be read: its caller closed the connection, or sent a form without a
   * length past 8 MiB, which Quarkus REST refuses itself (413, no body) before this is called.
   * Neither is the service's failure, and neither can be answered: the exchange is over. A form
   * that is not whole is the caller's: 400.
   */
  @ServerExceptionMapper
  public Response unreadBody(
      IOException e, UriInfo uri, HttpServerRequest request, HttpServerResponse response) {
    if (response.ended() || response.closed()) {
      LOG.debugf("the body of a request to %s could not be read: %s", path(uri), e.getMessage());
      return null;
    }
    if (MalformedFormProblem.isForm(request.getHeader(HttpHeaders.CONTENT_TYPE))
        && isFormReadersOwn(e)) {
      // Quarkus REST's form reader fails so on a body that ends before its closing boundary.
      return problem(MalformedFormProblem.notWhole(), uri);
    }
    return unexpected(e, uri);
  }

  /**
   * Whether the form reader refused the body itself: a plain IOException it raised, not one of the
   * file system's (a full disk while it writes a part) passing through it, which is the service's.
   */
  private static boolean isFormReadersOwn(Exception e) {
    StackTraceElement[] stack = e.getStackTrace();
    return (e.getClass() == IOException.class || e.getClass() == RuntimeException.class)
        && stack.length > 0
        && stack[0].getClassName().startsWith("org.jboss.resteasy.reactive.server.core.multipart.");
  }

  /**
   * Quarkus REST's form reader refuses a form of more than 1,000 parts with a plain
   * RuntimeException of its own words: the caller's form, so 400. It wraps a failure to write a
   * part (a full disk) in one too, with that failure as its cause: the service's, 500, as any
   * other.
   */
  @ServerExceptionMapper
  public Response failed(RuntimeException e, UriInfo uri, HttpServerRequest request) {
    if (e.getClass() == RuntimeException.class
        && e.getCause() == null
        && e.getMessage() != null
        && e.getMessage().startsWith("Param limit of")
        && MalformedFormProblem.isForm(request.getHeader(HttpHeaders.CONTENT_TYPE))
        && isFormReadersOwn(e)) {
      return problem(
          new MalformedFormProblem(
              "a form holds at most 1,000 parts; a model's upload has two, card and onnx"),
          uri);
    }
    return unexpected(e, uri);
  }

  @ServerExceptionMapper
  public Response unexpected(Throwable e, UriInfo uri) {
    LOG.errorf(e, "unexpected failure on %s", path(uri));
    return problem(new InternalProblem(), uri);
  }

  private static String allowed(String given, String path) {
    return given != null ? given : AllowedMethods.ofApplication().allowFor(path);
  }

  private static String path(UriInfo uri) {
    return ProblemException.pathOf(uri);
  }
}
