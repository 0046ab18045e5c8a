package org.latamml.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure into one problem body with the right status: one mapper per exception type.
 * No message carries the request's content back, and no stack trace leaves the service.
 */
public final class ProblemMappers {
  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

  @ServerExceptionMapper
  public Response problem(ProblemException e, UriInfo uri) {
    return respond(e.toProblem(path(uri)));
  }

  @ServerExceptionMapper
  public Response malformedJson(JsonParseException e, UriInfo uri) {
    String where =
        e.getLocation() == null
            ? ""
            : " (line "
                + e.getLocation().getLineNr()
                + ", column "
                + e.getLocation().getColumnNr()
                + ")";
    return respond(
        new Problem(
            "urn:latam-ml-infra:problem:malformed-json",
            "Bad Request",
            400,
            "the body is not valid JSON" + where,
            path(uri),
            null));
  }

  @ServerExceptionMapper
  public Response wrongType(MismatchedInputException e, UriInfo uri) {
    String expected =
        e.getTargetType() == null ? "another type" : JsonTypes.describe(e.getTargetType());
    String field = JsonTypes.path(e.getPath());
    if (field.isEmpty()) {
      return respond(
          new Problem(
              "urn:latam-ml-infra:problem:invalid-input",
              "Unprocessable Content",
              422,
              "the body must be " + expected,
              path(uri),
              null));
    }
    return problem(new InvalidInputProblem(field, "must be " + expected), uri);
  }

  @ServerExceptionMapper
  public Response invalidValue(JsonMappingException e, UriInfo uri) {
    if (e.getCause() instanceof InvalidInputProblem invalid) {
      return problem(JsonTypes.prefixed(invalid, JsonTypes.path(e.getPath())), uri);
    }
    if (e.getCause() instanceof ProblemException problem) {
      return problem(problem, uri);
    }
    return problem(new InvalidInputProblem(JsonTypes.path(e.getPath()), "is not valid"), uri);
  }

  @ServerExceptionMapper
  public Response unreadable(JsonProcessingException e, UriInfo uri) {
    return respond(
        new Problem(
            "urn:latam-ml-infra:problem:malformed-json",
            "Bad Request",
            400,
            "the body cannot be read as JSON",
            path(uri),
            null));
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
    int status = e.getResponse().getStatus();
    String detail =
        switch (status) {
          case 404 -> "no resource at " + path(uri);
          case 405 -> "this method is not allowed on " + path(uri);
          case 406 -> "this resource answers only application/json";
          case 415 -> "send the body as application/json";
          case 413 -> "the body is too large";
          default ->
              Response.Status.fromStatusCode(status) == null
                  ? "request failed"
                  : Response.Status.fromStatusCode(status).getReasonPhrase();
        };
    Response.StatusType reason = Response.Status.fromStatusCode(status);
    return respond(
        new Problem(
            "about:blank",
            reason == null ? "Error" : reason.getReasonPhrase(),
            status,
            detail,
            path(uri),
            null),
        e.getResponse());
  }

  @ServerExceptionMapper
  public Response unexpected(Throwable e, UriInfo uri) {
    LOG.errorf(e, "unexpected failure on %s", path(uri));
    return respond(
        new Problem(
            "about:blank",
            "Internal Server Error",
            500,
            "the service failed to answer; the failure is logged",
            path(uri),
            null));
  }

  private static Response respond(Problem problem) {
    return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
  }

  private static Response respond(Problem problem, Response original) {
    Response.ResponseBuilder builder =
        Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
    Object allow = original.getHeaders().getFirst("Allow");
    if (allow != null) {
      builder.header("Allow", allow);
    }
    return builder.build();
  }

  private static String path(UriInfo uri) {
    return uri == null ? null : "/" + uri.getPath().replaceFirst("^/", "");
  }
}
