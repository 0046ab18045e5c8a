package org.latamml.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** How callers are let in: {@code latam.auth.*}. */
@ConfigMapping(prefix = "latam.auth")
public interface AuthConfig {

  /** {@code required} (production) or {@code open} (local only: every caller is admin). */
  @WithDefault("required")
  Mode mode();

  /** OIDC ID tokens (Google service accounts, Firebase, Identity Platform). */
  Oidc oidc();

  /** API keys by name, for machine callers without an identity provider. */
  Map<String, ApiKey> apiKeys();

  /** The two modes. */
  enum Mode {
    required,
    open
  }

  /** One OIDC issuer. */
  interface Oidc {
    /** The {@code iss} tokens must carry, such as {@code https://accounts.google.com}. */
    Optional<String> issuer();

    /**
     * The {@code aud} values a token may carry, any one of them: for Cloud Run, the service's URLs
     * (both its {@code NAME-PROJECTNUMBER.REGION.run.app} and its hashed {@code .a.run.app} form).
     */
    Optional<List<String>> audience();

    /** Where the issuer publishes its keys (JWKS). */
    Optional<String> jwksUrl();

    /** The claim holding roles, if the issuer sets one (Firebase custom claims). */
    @WithDefault("roles")
    String rolesClaim();

    /** Roles every valid token holds: whoever the platform let through may predict. */
    @WithDefault(Roles.INVOKER)
    List<String> defaultRoles();

    /** Subjects or e-mails (such as a deployer's service account) that also hold admin. */
    Optional<List<String>> admins();

    /**
     * Subjects or e-mails that also hold feeder: they may send schedules and departures (the
     * Pub/Sub push subscription's service account).
     */
    Optional<List<String>> feeders();

    /** How far token times may be off. */
    @WithDefault("60s")
    Duration clockSkew();

    /**
     * The longest a token may live, from its issue time to its expiry: a token minted to last for
     * months is refused, whoever signed it (Google's ID tokens live an hour).
     */
    @WithDefault("24h")
    Duration maxTokenLifetime();

    /**
     * Whether Cloud Run's IAM check verifies every request's Google ID token before the service
     * sees it (only invokers may call). Cloud Run then replaces the signature of the token it
     * verified with {@code SIGNATURE_REMOVED_BY_GOOGLE}: such a token in {@code Authorization}, on
     * a request without {@code X-Serverless-Authorization} (which Cloud Run verifies instead when
     * it is sent), is taken, its claims checked as any token's. Never on a service anyone may
     * invoke: there, such a token could be forged.
     */
    @WithDefault("false")
    boolean verifiedByCloudRun();

    /** The least time between two fetches of the keys, so unknown kids cannot flood the issuer. */
    @WithDefault("30s")
    Duration jwksMinRefresh();
  }

  /** One API key, stored only as the hex SHA-256 of the key. */
  interface ApiKey {
    /** Hex SHA-256 of the key. */
    String sha256();

    /** Its roles. */
    @WithDefault(Roles.INVOKER)
    List<String> roles();

    /** Whether it is revoked: kept so that its use is recognised and counted. */
    @WithDefault("false")
    boolean revoked();
  }
}
