package org.latamml.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Checks API keys against the SHA-256 hashes in configuration, comparing every configured hash in
 * constant time so that timing tells nothing about which key, or how much of one, matched. A key
 * once accepted is compared as text, in constant time too, before it is hashed again.
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
  // Each entry's key as it was last accepted: a caller sends the same key with every request, and
  // comparing it with the one accepted costs a tenth of hashing it (docs/PERFORMANCE.md). Only an
  // accepted key is kept, at most one per entry; a revoked entry's never is. A heap dump shows it,
  // as it shows the Authorization header of every request in flight.
  private final AtomicReferenceArray<String> accepted;

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
    accepted = new AtomicReferenceArray<>(entries.size());
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  Caller authenticate(String key) {
    Entry known = null;
    for (int i = 0; i < entries.size(); i++) {
      String seen = accepted.get(i);
      if (seen != null && isSameText(seen, key) && known == null) {
        known = entries.get(i);
      }
    }
    if (known != null) {
      return known.caller();
    }
    byte[] presented = sha256(key);
    int matched = -1;
    for (int i = 0; i < entries.size(); i++) {
      if (MessageDigest.isEqual(presented, entries.get(i).hash()) && matched < 0) {
        matched = i;
      }
    }
    if (matched < 0) {
      throw new Rejection(Rejection.Reason.WRONG_API_KEY, "the API key is not valid");
    }
    Entry match = entries.get(matched);
    if (match.revoked()) {
      throw new Rejection(Rejection.Reason.REVOKED_API_KEY, "the API key has been revoked");
    }
    accepted.set(matched, key);
    return match.caller();
  }

  /**
   * Whether two texts are the same, in a time that depends on {@code kept}'s length alone: how much
   * of a presented key matches a kept one does not show.
   */
  static boolean isSameText(String kept, String presented) {
    int difference = kept.length() ^ presented.length();
    for (int i = 0; i < kept.length(); i++) {
      difference |= kept.charAt(i) ^ (i < presented.length() ? presented.charAt(i) : 0);
    }
    return difference == 0;
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
