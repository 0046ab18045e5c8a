package org.latamml.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.health.HealthStatus;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Verifies OIDC ID tokens with Nimbus JOSE+JWT: signature by a key of the issuer's JWKS (fetched,
 * cached, and fetched again when a token names an unknown key), asymmetric algorithms only, issuer,
 * audience, and times within the allowed clock skew.
 */
final class TokenVerifier {
  /** Asymmetric algorithms only: an HMAC "signed" with a public key must never verify. */
  static final Set<JWSAlgorithm> ALGORITHMS =
      Set.of(
          JWSAlgorithm.RS256,
          JWSAlgorithm.RS384,
          JWSAlgorithm.RS512,
          JWSAlgorithm.PS256,
          JWSAlgorithm.PS384,
          JWSAlgorithm.PS512,
          JWSAlgorithm.ES256,
          JWSAlgorithm.ES384,
          JWSAlgorithm.ES512,
          JWSAlgorithm.EdDSA);

  /** What Cloud Run puts in place of the signature of a token its IAM check verified. */
  static final String REMOVED_SIGNATURE = "SIGNATURE_REMOVED_BY_GOOGLE";

  private final AuthConfig.Oidc config;
  private final ClaimsCheck claimsCheck;
  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
  // The outcome of the last fetch of the issuer's keys (not of a fetch the rate limit skipped).
  private final AtomicReference<HealthStatus> lastFetch = new AtomicReference<>();

  TokenVerifier(AuthConfig.Oidc config) {
    this.config = config;
    if (!config.maxTokenLifetime().isPositive()) {
      throw new IllegalArgumentException(
          "latam.auth.oidc.max-token-lifetime (LATAM_AUTH_OIDC_MAX_TOKEN_LIFETIME) must be above 0,"
              + " got "
              + config.maxTokenLifetime());
    }
    JWKSource<SecurityContext> keys;
    try {
      JWKSourceBuilder<SecurityContext> builder =
          JWKSourceBuilder.<SecurityContext>create(
                  URI.create(config.jwksUrl().orElseThrow()).toURL())
              .healthReporting(report -> lastFetch.set(report.getHealthStatus()));
      long minRefresh = config.jwksMinRefresh().toMillis();
      keys =
          (minRefresh > 0 ? builder.rateLimited(minRefresh) : builder.rateLimited(false)).build();
    } catch (MalformedURLException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "latam.auth.oidc.jwks-url (LATAM_AUTH_OIDC_JWKS_URL) is not a URL", e);
    }
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
    claimsCheck =
        new ClaimsCheck(
            config.issuer().orElseThrow(),
            config.audience().orElseThrow(),
            config.clockSkew(),
            config.maxTokenLifetime(),
            Clock.systemUTC());
    processor.setJWTClaimsSetVerifier(claimsCheck);
  }

  /**
   * The verified caller, or a {@link Rejection} saying why not; {@code checkedByCloudRun} when
   * Cloud Run's IAM check verified this token's signature (and removed it) before the request came.
   */
  Caller verify(String token, boolean checkedByCloudRun) {
    JWSHeader header = header(token);
    if (!ALGORITHMS.contains(header.getAlgorithm())) {
      throw new Rejection(
          Rejection.Reason.UNSUPPORTED_ALGORITHM, "the token's algorithm is not accepted");
    }
    // An ID token's type is JWT or none; another (an access token's at+jwt) is refused here, so
    // that the library's refusal below means what it is counted as: a key the issuer lacks.
    if (header.getType() != null && !JOSEObjectType.JWT.equals(header.getType())) {
      throw new Rejection(Rejection.Reason.INVALID_TOKEN, "the token is not an ID token");
    }
    if (token.endsWith("." + REMOVED_SIGNATURE)) {
      JWTClaimsSet claims = verifiedByCloudRun(token, checkedByCloudRun);
      return new Caller(name(claims), roles(claims));
    }
    JWTClaimsSet claims;
    try {
      claims = processor.process(token, null);
    } catch (ClaimsCheck.Refused e) {
      throw e.toRejection();
    } catch (BadJWSException e) {
      throw new Rejection(Rejection.Reason.BAD_SIGNATURE, "the token's signature is not valid");
    } catch (BadJOSEException e) {
      throw unknownKey();
    } catch (RateLimitReachedException e) {
      // The keys were fetched a moment ago: a kid they lack is the caller's fault, not an outage.
      if (lastFetch.get() == HealthStatus.HEALTHY) {
        throw unknownKey();
      }
      throw new KeysUnavailableException(e);
    } catch (KeySourceException e) {
      // The issuer's keys cannot be fetched: the service's fault to report, not the caller's.
      throw new KeysUnavailableException(e);
    } catch (ParseException | JOSEException e) {
      throw new Rejection(Rejection.Reason.INVALID_TOKEN, "the token cannot be verified");
    }
    return new Caller(name(claims), roles(claims));
  }

  /**
   * The claims of a token whose signature Cloud Run checked and removed, checked as any token's.
   */
  private JWTClaimsSet verifiedByCloudRun(String token, boolean checkedByCloudRun) {
    if (!checkedByCloudRun) {
      throw new Rejection(
          Rejection.Reason.SIGNATURE_REMOVED, "the token's signature has been removed");
    }
    try {
      JWTClaimsSet claims = JWTParser.parse(token).getJWTClaimsSet();
      claimsCheck.verify(claims, null);
      return claims;
    } catch (ClaimsCheck.Refused e) {
      throw e.toRejection();
    } catch (ParseException | com.nimbusds.jwt.proc.BadJWTException e) {
      throw new Rejection(Rejection.Reason.INVALID_TOKEN, "the token cannot be verified");
    }
  }

  private static Rejection unknownKey() {
    return new Rejection(Rejection.Reason.UNKNOWN_KEY, "the token is signed by an unknown key");
  }

  private static JWSHeader header(String token) {
    try {
      if (JWTParser.parse(token) instanceof SignedJWT signed) {
        return signed.getHeader();
      }
      throw new Rejection(
          Rejection.Reason.UNSUPPORTED_ALGORITHM, "unsigned tokens are not accepted");
    } catch (ParseException e) {
      throw new Rejection(Rejection.Reason.INVALID_TOKEN, "the token is not a JWT");
    }
  }

  private String name(JWTClaimsSet claims) {
    return claims.getSubject();
  }

  private Set<String> roles(JWTClaimsSet claims) {
    boolean feeder = names(claims, config.feeders().orElse(List.of()));
    // A feeder named here is a machine that sends events (the Pub/Sub push account): the roles
    // every signed-in caller gets would also let it predict and read. It has only the roles its
    // token or the admins' list give it.
    Set<String> roles = new LinkedHashSet<>(feeder ? List.of() : config.defaultRoles());
    Object claimed = claims.getClaim(config.rolesClaim());
    if (claimed instanceof List<?> list) {
      list.forEach(role -> roles.add(String.valueOf(role)));
    } else if (claimed instanceof String role) {
      roles.add(role);
    }
    if (names(claims, config.admins().orElse(List.of()))) {
      roles.add(Roles.ADMIN);
    }
    if (feeder) {
      roles.add(Roles.FEEDER);
    }
    return roles;
  }

  /** Whether one of {@code identities} is the token's subject or its verified e-mail. */
  private static boolean names(JWTClaimsSet claims, List<String> identities) {
    // An e-mail counts only when the issuer verified it: Firebase and Identity Platform let
    // anyone sign up with any address.
    Object email = claims.getClaim("email");
    boolean verified = Boolean.TRUE.equals(claims.getClaim("email_verified"));
    boolean byEmail =
        verified
            && email != null
            && identities.stream().anyMatch(id -> id.equalsIgnoreCase(email.toString()));
    return identities.contains(claims.getSubject()) || byEmail;
  }
}
