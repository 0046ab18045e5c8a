package org.latamml.auth;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HexFormat;
import java.util.Map;

/** Starts the test issuer and configures the service to require tokens or these API keys. */
public final class AuthTestResource implements QuarkusTestResourceLifecycleManager {
  static final String INVOKER_KEY = "lmk_invoker_5f0c7d2a9b1e4f6a8c3d";
  static final String ADMIN_KEY = "lmk_admin_1a2b3c4d5e6f7a8b9c0d";
  static final String FEEDER_KEY = "lmk_feeder_7c1d9e3f5a2b4c6d8e0f";
  static final String PUSH_ACCOUNT = "push@latam-test.iam.gserviceaccount.com";
  static final String REVOKED_KEY = "lmk_revoked_0f9e8d7c6b5a4f3e2d1c";

  static final String JWKS_MIN_REFRESH = "2s";

  static JwksServer issuer;

  @Override
  public Map<String, String> start() {
    try {
      issuer = new JwksServer();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return Map.ofEntries(
        Map.entry("latam.auth.mode", "required"),
        Map.entry("latam.import-dir", "src/test/resources"),
        Map.entry("latam.auth.oidc.issuer", JwksServer.ISSUER),
        Map.entry("latam.auth.oidc.audience", JwksServer.AUDIENCE),
        Map.entry("latam.auth.oidc.jwks-url", issuer.jwksUrl()),
        // Rate limited, as in production, but briefly, so that a rotation is seen within a test.
        Map.entry("latam.auth.oidc.jwks-min-refresh", JWKS_MIN_REFRESH),
        Map.entry("latam.auth.oidc.admins", "Deployer@Example.com"),
        Map.entry("latam.auth.oidc.feeders", PUSH_ACCOUNT),
        Map.entry("latam.auth.api-keys.schedule.sha256", hash(FEEDER_KEY)),
        Map.entry("latam.auth.api-keys.schedule.roles", "feeder"),
        Map.entry("latam.auth.api-keys.ops.sha256", hash(INVOKER_KEY)),
        Map.entry("latam.auth.api-keys.deployer.sha256", hash(ADMIN_KEY)),
        Map.entry("latam.auth.api-keys.deployer.roles", "invoker,admin"),
        Map.entry("latam.auth.api-keys.old.sha256", hash(REVOKED_KEY)),
        Map.entry("latam.auth.api-keys.old.revoked", "true"));
  }

  static String hash(String key) {
    return HexFormat.of().formatHex(ApiKeys.sha256(key));
  }

  @Override
  public void stop() {
    if (issuer != null) {
      issuer.close();
    }
  }
}
