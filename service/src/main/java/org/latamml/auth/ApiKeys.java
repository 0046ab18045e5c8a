package org.latamml.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Map;

/**
 * Checks API keys against the SHA-256 hashes in configuration, comparing every configured hash in
 * constant time so that timing tells nothing about which key, or how much of one, matched.
 */
final class ApiKeys {
  // The hash is compared with MessageDigest.isEqual only, never exposed or changed.
  @SuppressWarnings("ArrayRecordComponent")
  private record Entry(String name, byte[] hash, Caller caller, boolean revoked) {}

  // A digest per thread: looking one up by name costs more than hashing a key (JFR, every request).
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(() -> {
        try {
          return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
          throw new IllegalStateException("every Java has SHA-256", e);
        }
      });

  private final java.util.List<Entry> entries;

  ApiKeys(Map<String, AuthConfig.ApiKey> configured) {
    entries =
        configured.entrySet().stream()
            .map(e ->
                new Entry(
                    e.getKey(),
                    parseHash(e.getKey(), e.getValue().sha256()),
                    new Caller(
                        "api-key:" + e.getKey(),
                        java.util.Collections.unmodifiableSet(
                            new LinkedHashSet<>(e.getValue().roles()))),
                    e.getValue().revoked()))
            .toList();
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  Caller authenticate(String key) {
    byte[] presented = sha256(key);
    Entry match = null;
    for (Entry entry : entries) {
      if (MessageDigest.isEqual(presented, entry.hash()) && match == null) {
        match = entry;
      }
    }
    if (match == null) {
      throw new Rejection(Rejection.Reason.WRONG_API_KEY, "the API key is not valid");
    }
    if (match.revoked()) {
      throw new Rejection(Rejection.Reason.REVOKED_API_KEY, "the API key has been revoked");
    }
    return match.caller();
  }

  static byte[] sha256(String key) {
    return SHA256.get().digest(key.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] parseHash(String name, String hex) {
    try {
      byte[] hash = HexFormat.of().parseHex(hex.strip());
      if (hash.length != 32) {
        throw new IllegalArgumentException("not 32 bytes");
      }
      return hash;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "latam.auth.api-keys." + name + ".sha256 must be 64 hex digits (sha256sum of the key)",
          e);
    }
  }
}
