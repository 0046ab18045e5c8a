package org.latamml.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The one error body of the API, RFC 9457 problem details, served as {@code
 * application/problem+json}.
 *
 * @param type a URN naming the kind of problem, {@code urn:latam-ml-infra:problem:<kind>}
 * @param title the short name of the kind
 * @param status the HTTP status
 * @param detail what went wrong with this request, for a person
 * @param instance the path of the request
 * @param errors for invalid input, one entry per field at fault
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
    String type,
    String title,
    int status,
    String detail,
    String instance,
    List<FieldError> errors) {

  /** The media type of problem bodies. */
  public static final String MEDIA_TYPE = "application/problem+json";

  /**
   * One invalid field.
   *
   * @param field where it is, as a JSON path such as {@code flights[3].flight_type}
   * @param detail what is wrong with it
   */
  public record FieldError(String field, String detail) {}
}
