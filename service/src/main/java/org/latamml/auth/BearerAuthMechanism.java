package org.latamml.auth;

import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigUtils;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;
import org.latamml.config.RefusedStart;

/**
 * {@code Authorization: Bearer <credential>}: an OIDC ID token (three dot-separated parts) or an
 * API key. With {@code latam.auth.mode=open} (local only) every caller is admin.
 */
@ApplicationScoped
@Startup
public class BearerAuthMechanism implements HttpAuthenticationMechanism {
  private static final Logger LOG = Logger.getLogger(BearerAuthMechanism.class);
  static final String REALM = "latam-ml-infra";

  /** The longest Authorization header read: an ID token is a few KiB at most. */
  static final int MAX_HEADER = 8 * 1024;

  /** The one identity of open mode: built once, not per request. */
  private static final Caller LOCAL_CALLER =
      new Caller("local", Set.of(Roles.INVOKER, Roles.ADMIN));

  private static final SecurityIdentity LOCAL = identity(LOCAL_CALLER);

  /** The issuer of Google's ID tokens, as they spell it. */
  private static final Set<String> GOOGLE_ISSUERS =
      Set.of("https://accounts.google.com", "accounts.google.com");

  /** The header Cloud Run's IAM check verifies instead of {@code Authorization} when it is sent. */
  static final String SERVERLESS_AUTHORIZATION = "X-Serverless-Authorization";

  private final boolean open;
  private final boolean verifiedByCloudRun;
  private final AtomicBoolean toldOfRemovedSignatures = new AtomicBoolean();
  private final TokenVerifier tokens;
  private final ApiKeys apiKeys;

  BearerAuthMechanism(AuthConfig config) {
    List<String> profiles = ConfigUtils.getProfiles();
    open = config.mode() == AuthConfig.Mode.open;
    if (open && !profiles.contains("local") && !profiles.contains("test")) {
      throw RefusedStart.because(
          "latam.auth.mode=open (LATAM_AUTH_MODE) is allowed only in the local profile, not in "
              + profiles
              + ": configure OIDC or API keys");
    }
    try {
      apiKeys = new ApiKeys(config.apiKeys());
    } catch (IllegalArgumentException e) {
      throw RefusedStart.because(e.getMessage());
    }
    AuthConfig.Oidc oidc = config.oidc();
    verifiedByCloudRun = oidc.verifiedByCloudRun();
    boolean anyOidc =
        oidc.issuer().isPresent() || oidc.audience().isPresent() || oidc.jwksUrl().isPresent();
    boolean fullOidc =
        oidc.issuer().isPresent() && oidc.audience().isPresent() && oidc.jwksUrl().isPresent();
    if (anyOidc && !fullOidc) {
      throw RefusedStart.because(
          "latam.auth.oidc needs issuer, audience and jwks-url together (LATAM_AUTH_OIDC_ISSUER,"
              + " LATAM_AUTH_OIDC_AUDIENCE, LATAM_AUTH_OIDC_JWKS_URL)");
    }
    if (verifiedByCloudRun) {
      refuseUnlessBehindCloudRun(oidc, profiles);
    }
    try {
      tokens = fullOidc ? new TokenVerifier(oidc) : null;
    } catch (IllegalArgumentException e) {
      throw RefusedStart.because(e.getMessage());
    }
    if (open) {
      LOG.warn(
          "AUTHENTICATION IS OFF (latam.auth.mode=open): every caller is admin. Local use only.");
    } else if (tokens == null && apiKeys.isEmpty()) {
      throw RefusedStart.because(
          "latam.auth.mode=required, but no OIDC issuer and no API key is configured: set"
              + " LATAM_AUTH_OIDC_ISSUER, _AUDIENCE and _JWKS_URL, or an API key; or run locally"
              + " with the local profile");
    }
  }

  /**
   * Refuses to take tokens without their signature where nothing can have checked them: Cloud Run's
   * IAM check verifies Google's ID tokens only, and only on Cloud Run (which sets {@code
   * K_SERVICE}; the tests stand in for it).
   */
  private static void refuseUnlessBehindCloudRun(AuthConfig.Oidc oidc, List<String> profiles) {
    String setting =
        "latam.auth.oidc.verified-by-cloud-run (LATAM_AUTH_OIDC_VERIFIED_BY_CLOUD_RUN)";
    if (profiles.contains("test")) {
      return;
    }
    String issuer = oidc.issuer().orElse("");
    if (!GOOGLE_ISSUERS.contains(issuer)) {
      throw RefusedStart.because(
          setting
              + " takes Google's ID tokens only, which Cloud Run checks: the issuer must be"
              + " https://accounts.google.com, not "
              + (issuer.isEmpty() ? "unset" : issuer));
    }
    if (System.getenv("K_SERVICE") == null) {
      throw RefusedStart.because(
          setting
              + " is for a service behind Cloud Run's IAM check, and this is not Cloud Run (no"
              + " K_SERVICE): here anyone could forge a token without its signature");
    }
  }

  /**
   * The caller behind an {@code Authorization} header when that is known at once, without I/O:
   * anyone in open mode, or a valid API key. Null otherwise (no header, a token, any refusal), for
   * the full path to decide and answer.
   */
  public Caller callerKnownNow(List<String> headers) {
    if (open) {
      return LOCAL_CALLER;
    }
    try {
      String credential = headers.isEmpty() ? null : bearerCredential(oneHeader(headers));
      if (credential == null || credential.indexOf('.') >= 0) {
        return null;
      }
      return apiKeys.authenticate(credential);
    } catch (Rejection e) {
      return null;
    }
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      RoutingContext context, IdentityProviderManager identityProviderManager) {
    if (open) {
      return Uni.createFrom().item(LOCAL);
    }
    List<String> headers = context.request().headers().getAll(HttpHeaders.AUTHORIZATION);
    if (headers.isEmpty()) {
      return Uni.createFrom().nullItem();
    }
    String header;
    try {
      header = oneHeader(headers);
    } catch (Rejection e) {
      return Uni.createFrom().failure(e.toFailure());
    }
    String credential = bearerCredential(header);
    if (credential == null) {
      String detail = "use Authorization: Bearer <token or key>";
      return Uni.createFrom()
          .failure(
              (isBearer(header)
                      ? new Rejection(Rejection.Reason.MALFORMED_HEADER, detail)
                      : Rejection.otherScheme(detail))
                  .toFailure());
    }
    if (credential.chars().filter(c -> c == '.').count() == 2) {
      if (tokens == null) {
        return Uni.createFrom()
            .failure(
                new Rejection(
                        Rejection.Reason.INVALID_TOKEN,
                        "this service takes no tokens, only API keys")
                    .toFailure());
      }
      // Cloud Run verifies X-Serverless-Authorization when it is sent, and passes Authorization on
      // as the caller wrote it: a token there without its signature is then nobody's check.
      boolean checkedByCloudRun =
          verifiedByCloudRun && context.request().getHeader(SERVERLESS_AUTHORIZATION) == null;
      // Verifying may fetch the issuer's keys: off the event loop.
      return Uni.createFrom()
          .item(() -> identity(tokens.verify(credential, checkedByCloudRun)))
          .onFailure(Rejection.class)
          .transform(this::failure)
          .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
    try {
      return Uni.createFrom().item(identity(apiKeys.authenticate(credential)));
    } catch (Rejection e) {
      return Uni.createFrom().failure(e.toFailure());
    }
  }

  /** The 401's failure; the first token refused for a removed signature also tells the log why. */
  private Throwable failure(Rejection rejection) {
    if (rejection.reason() == Rejection.Reason.SIGNATURE_REMOVED
        && !verifiedByCloudRun
        && toldOfRemovedSignatures.compareAndSet(false, true)) {
      LOG.warn(
          "a token without its signature was refused: if Cloud Run's IAM check removed it (where"
              + " only invokers may call the service, never where allUsers may), set"
              + " LATAM_AUTH_OIDC_VERIFIED_BY_CLOUD_RUN=true");
    }
    return rejection.toFailure();
  }

  /**
   * The one {@code Authorization} header of a request that has some; several, or a huge one, are
   * refused.
   */
  private static String oneHeader(List<String> headers) {
    if (headers.size() > 1) {
      throw new Rejection(
          Rejection.Reason.MALFORMED_HEADER, "send one Authorization header, not several");
    }
    if (headers.get(0).length() > MAX_HEADER) {
      throw new Rejection(
          Rejection.Reason.MALFORMED_HEADER,
          "the Authorization header is over " + MAX_HEADER / 1024 + " KiB");
    }
    return headers.get(0);
  }

  /** The credential of a {@code Bearer} header, or null for no header, another scheme or none. */
  private static String bearerCredential(String header) {
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String credential = header.substring(7).strip();
    return credential.isEmpty() ? null : credential;
  }

  /** Whether a header names the Bearer scheme (its credential may still be missing). */
  private static boolean isBearer(String header) {
    return header.regionMatches(true, 0, "Bearer ", 0, 7)
        || header.strip().equalsIgnoreCase("Bearer");
  }

  private static SecurityIdentity identity(Caller caller) {
    return QuarkusSecurityIdentity.builder()
        .setPrincipal(new QuarkusPrincipal(caller.name()))
        .addRoles(caller.roles())
        .build();
  }

  @Override
  public Uni<ChallengeData> getChallenge(RoutingContext context) {
    return Uni.createFrom()
        .item(new ChallengeData(401, "WWW-Authenticate", "Bearer realm=\"" + REALM + "\""));
  }
}
