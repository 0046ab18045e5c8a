package org.latamml.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

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

  private final AuthConfig.Oidc config;
  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

  TokenVerifier(AuthConfig.Oidc config) {
    this.config = config;
    JWKSource<SecurityContext> keys;
    try {
      JWKSourceBuilder<SecurityContext> builder =
          JWKSourceBuilder.create(URI.create(config.jwksUrl().orElseThrow()).toURL());
      long minRefresh = config.jwksMinRefresh().toMillis();
      keys =
          (minRefresh > 0 ? builder.rateLimited(minRefresh) : builder.rateLimited(false)).build();
    } catch (MalformedURLException | IllegalArgumentException e) {
      throw new IllegalStateException("latam.auth.oidc.jwks-url is not a URL", e);
    }
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
    DefaultJWTClaimsVerifier<SecurityContext> claims =
        new DefaultJWTClaimsVerifier<>(
            Set.copyOf(config.audience().orElseThrow()),
            new JWTClaimsSet.Builder().issuer(config.issuer().orElseThrow()).build(),
            Set.of("exp", "iat", "sub"),
            null);
    claims.setMaxClockSkew((int) config.clockSkew().toSeconds());
    processor.setJWTClaimsSetVerifier(claims);
  }

  /** The verified caller, or a {@link Rejection} saying why not. */
  Caller verify(String token) {
    JWSHeader header = header(token);
    if (!ALGORITHMS.contains(header.getAlgorithm())) {
      throw new Rejection(
          Rejection.Reason.UNSUPPORTED_ALGORITHM, "the token's algorithm is not accepted");
    }
    JWTClaimsSet claims;
    try {
      claims = processor.process(token, null);
    } catch (ExpiredJWTException e) {
      throw new Rejection(Rejection.Reason.EXPIRED, "the token has expired");
    } catch (BadJWTException e) {
      Rejection.Reason reason = reasonOf(e);
      throw new Rejection(reason, DETAILS.getOrDefault(reason, "the token is not valid here"));
    } catch (BadJWSException e) {
      throw new Rejection(Rejection.Reason.BAD_SIGNATURE, "the token's signature is not valid");
    } catch (BadJOSEException e) {
      throw new Rejection(Rejection.Reason.UNKNOWN_KEY, "the token is signed by an unknown key");
    } catch (com.nimbusds.jose.KeySourceException e) {
      // The issuer's keys cannot be fetched: the service's fault to report, not the caller's.
      throw new KeysUnavailableException(e);
    } catch (ParseException | JOSEException e) {
      throw new Rejection(Rejection.Reason.INVALID_TOKEN, "the token cannot be verified");
    }
    return new Caller(name(claims), roles(claims));
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

  private static final java.util.Map<Rejection.Reason, String> DETAILS =
      java.util.Map.of(
          Rejection.Reason.NOT_YET_VALID, "the token is not valid yet",
          Rejection.Reason.WRONG_AUDIENCE, "the token is for another audience",
          Rejection.Reason.WRONG_ISSUER, "the token is from another issuer");

  /** Nimbus's claim errors by the start of their messages (DefaultJWTClaimsVerifier). */
  private static Rejection.Reason reasonOf(BadJWTException e) {
    String message = String.valueOf(e.getMessage());
    if (message.startsWith("JWT before use time")) {
      return Rejection.Reason.NOT_YET_VALID;
    }
    if (message.startsWith("JWT aud claim") || message.startsWith("JWT missing required aud")) {
      return Rejection.Reason.WRONG_AUDIENCE;
    }
    if (message.startsWith("JWT iss claim")) {
      return Rejection.Reason.WRONG_ISSUER;
    }
    return Rejection.Reason.INVALID_TOKEN;
  }

  private String name(JWTClaimsSet claims) {
    return claims.getSubject();
  }

  private Set<String> roles(JWTClaimsSet claims) {
    Set<String> roles = new LinkedHashSet<>(config.defaultRoles());
    Object claimed = claims.getClaim(config.rolesClaim());
    if (claimed instanceof List<?> list) {
      list.forEach(role -> roles.add(String.valueOf(role)));
    } else if (claimed instanceof String role) {
      roles.add(role);
    }
    List<String> admins = config.admins().orElse(List.of());
    // An e-mail counts only when the issuer verified it: Firebase and Identity Platform let
    // anyone sign up with any address.
    Object email = claims.getClaim("email");
    boolean verified = Boolean.TRUE.equals(claims.getClaim("email_verified"));
    boolean adminByEmail =
        verified
            && email != null
            && admins.stream().anyMatch(admin -> admin.equalsIgnoreCase(email.toString()));
    if (admins.contains(claims.getSubject()) || adminByEmail) {
      roles.add(Roles.ADMIN);
    }
    return roles;
  }
}
