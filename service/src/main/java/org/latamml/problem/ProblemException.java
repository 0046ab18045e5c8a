package org.latamml.problem;

import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/**
 * An error the API answers with a problem body; one subclass per kind of error. Its status, type,
 * title and headers are decided here, once, for every route and for the HTTP filters alike.
 */
public abstract class ProblemException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The prefix of every problem type the service defines. */
  public static final String TYPE_PREFIX = "urn:latam-ml-infra:problem:";

  private final int status;
  private final String type;
  private final String title;
  private final transient List<Problem.FieldError> errors;
  private final transient Map<String, String> headers;

  ProblemException(
      int status, String slug, String title, String detail, List<Problem.FieldError> errors) {
    this(status, slug, title, detail, errors, Map.of());
  }

  ProblemException(
      int status,
      String slug,
      String title,
      String detail,
      List<Problem.FieldError> errors,
      Map<String, String> headers) {
    super(detail, null, false, false);
    this.status = status;
    this.type = TYPE_PREFIX + slug;
    this.title = title;
    this.errors = errors == null ? null : List.copyOf(errors);
    this.headers = Map.copyOf(headers);
  }

  /** The body to answer with, for a request to {@code path}. */
  public Problem toProblem(String path) {
    return new Problem(type, title, status, getMessage(), path, errors);
  }

  /**
   * The body to answer with at {@code path}: a problem (RFC 9457), except on the Open Inference
   * Protocol's routes, whose clients read the protocol's {@code {"error": "..."}}.
   */
  public Object bodyFor(String path) {
    return InferenceError.isItsPath(path) ? new InferenceError(getMessage()) : toProblem(path);
  }

  /** The media type of {@link #bodyFor} at {@code path}. */
  public static String mediaTypeFor(String path) {
    return InferenceError.isItsPath(path) ? "application/json" : Problem.MEDIA_TYPE;
  }

  /** The whole answer: status, the headers this kind of problem sends, and the body. */
  public Response toResponse(String path) {
    Response.ResponseBuilder response =
        Response.status(status).type(mediaTypeFor(path)).entity(bodyFor(path));
    headers.forEach(response::header);
    return response.build();
  }

  /** The whole answer to a request at {@code uri}, its path as {@code instance}. */
  public Response toResponse(jakarta.ws.rs.core.UriInfo uri) {
    return toResponse(pathOf(uri));
  }

  /** A request's path as problems name it: from the root, with one leading slash. */
  static String pathOf(jakarta.ws.rs.core.UriInfo uri) {
    return uri == null ? null : "/" + uri.getPath().replaceFirst("^/", "");
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** The headers sent with it, such as {@code Retry-After} or {@code WWW-Authenticate}. */
  public Map<String, String> headers() {
    return headers;
  }
}
