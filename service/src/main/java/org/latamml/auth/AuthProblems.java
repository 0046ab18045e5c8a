package org.latamml.auth;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.latamml.problem.ForbiddenProblem;
import org.latamml.problem.ProblemException;
import org.latamml.problem.ServiceUnavailableProblem;
import org.latamml.problem.UnauthorizedProblem;

/**
 * Every rejection: 401 with {@code WWW-Authenticate}, 403, or 503 with {@code Retry-After} when
 * tokens cannot be checked, each as the service's problem body, and one count in {@code
 * latam_auth_rejections_total} by reason. Nothing of the credential is logged.
 */
public final class AuthProblems {
  /** Seconds a caller waits before retrying when the issuer's keys cannot be fetched. */
  static final int KEYS_RETRY_AFTER = 5;

  private final MeterRegistry metrics;

  AuthProblems(MeterRegistry metrics) {
    this.metrics = metrics;
  }

  @ServerExceptionMapper
  public Response rejected(AuthenticationFailedException e, UriInfo uri) {
    Object reason = e.getAttributes() == null ? null : e.getAttributes().get(Rejection.REASON);
    if (reason != null) {
      count(reason.toString());
      Object error = e.getAttributes().get(Rejection.ERROR);
      return respond(
          new UnauthorizedProblem(
              e.getMessage(),
              error == null
                  ? challenge()
                  : "Bearer realm=\"" + BearerAuthMechanism.REALM + "\", error=\"" + error + "\""),
          uri);
    }
    count("invalid_credentials");
    return respond(new UnauthorizedProblem("the credentials are not valid", challenge()), uri);
  }

  @ServerExceptionMapper
  public Response keysUnavailable(KeysUnavailableException e, UriInfo uri) {
    count("keys_unavailable");
    return respond(
        new ServiceUnavailableProblem(
            "keys-unavailable",
            "tokens cannot be checked now: the issuer's keys cannot be fetched; retry shortly",
            KEYS_RETRY_AFTER),
        uri);
  }

  @ServerExceptionMapper
  public Response anonymous(UnauthorizedException e, UriInfo uri) {
    count("missing");
    return respond(
        new UnauthorizedProblem(
            "this route needs Authorization: Bearer <token or API key>", challenge()),
        uri);
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e, UriInfo uri) {
    count("missing_role");
    return respond(new ForbiddenProblem("the caller's roles do not allow this route"), uri);
  }

  private void count(String reason) {
    io.micrometer.core.instrument.Counter.builder("latam_auth_rejections")
        .description("requests refused 401 or 403, by reason")
        .tag("reason", reason)
        .register(metrics)
        .increment();
  }

  private static String challenge() {
    return "Bearer realm=\"" + BearerAuthMechanism.REALM + "\"";
  }

  private static Response respond(ProblemException problem, UriInfo uri) {
    return problem.toResponse(uri);
  }
}
