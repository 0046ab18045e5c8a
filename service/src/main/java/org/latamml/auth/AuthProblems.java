package org.latamml.auth;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.latamml.problem.Problem;

/**
 * Every rejection: 401 with {@code WWW-Authenticate} or 403, the service's problem body, and one
 * count in {@code latam_auth_rejections_total} by reason. Nothing of the credential is logged.
 */
public final class AuthProblems {
  private final MeterRegistry metrics;

  AuthProblems(MeterRegistry metrics) {
    this.metrics = metrics;
  }

  @ServerExceptionMapper
  public Response rejected(AuthenticationFailedException e, UriInfo uri) {
    Object reason = e.getAttributes() == null ? null : e.getAttributes().get(Rejection.REASON);
    if (reason != null) {
      count(reason.toString());
      return unauthorized(
          uri,
          e.getMessage(),
          "Bearer realm=\"" + BearerAuthMechanism.REALM + "\", error=\"invalid_token\"");
    }
    count("invalid_credentials");
    return unauthorized(uri, "the credentials are not valid", challenge());
  }

  @ServerExceptionMapper
  public Response keysUnavailable(KeysUnavailableException e, UriInfo uri) {
    count("keys_unavailable");
    return Response.status(503)
        .type(Problem.MEDIA_TYPE)
        .header("Retry-After", "5")
        .entity(
            new Problem(
                "urn:latam-ml-infra:problem:keys-unavailable",
                "Service Unavailable",
                503,
                "tokens cannot be checked now: the issuer's keys cannot be fetched; retry shortly",
                "/" + uri.getPath().replaceFirst("^/", ""),
                null))
        .build();
  }

  @ServerExceptionMapper
  public Response anonymous(UnauthorizedException e, UriInfo uri) {
    count("missing");
    return unauthorized(
        uri, "this route needs Authorization: Bearer <token or API key>", challenge());
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e, UriInfo uri) {
    count("missing_role");
    return Response.status(403)
        .type(Problem.MEDIA_TYPE)
        .entity(
            new Problem(
                "urn:latam-ml-infra:problem:forbidden",
                "Forbidden",
                403,
                "the caller's roles do not allow this route",
                "/" + uri.getPath().replaceFirst("^/", ""),
                null))
        .build();
  }

  private void count(String reason) {
    metrics.counter("latam_auth_rejections", "reason", reason).increment();
  }

  private static String challenge() {
    return "Bearer realm=\"" + BearerAuthMechanism.REALM + "\"";
  }

  private static Response unauthorized(UriInfo uri, String detail, String challenge) {
    return Response.status(401)
        .type(Problem.MEDIA_TYPE)
        .header("WWW-Authenticate", challenge)
        .entity(
            new Problem(
                "urn:latam-ml-infra:problem:unauthorized",
                "Unauthorized",
                401,
                detail,
                "/" + uri.getPath().replaceFirst("^/", ""),
                null))
        .build();
  }
}
