package org.latamml.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/** An OIDC issuer for tests: RSA keys it makes, its JWKS served over HTTP, and tokens it signs. */
final class JwksServer implements AutoCloseable {
  static final String ISSUER = "https://issuer.test";
  static final String AUDIENCE = "https://latam-ml-infra.test";

  private final HttpServer server;
  private final List<RSAKey> published = new CopyOnWriteArrayList<>();
  final RSAKey current;
  final RSAKey rotated;
  final RSAKey stranger;

  JwksServer() throws IOException, JOSEException {
    current = new RSAKeyGenerator(2048).keyID("key-1").generate();
    rotated = new RSAKeyGenerator(2048).keyID("key-2").generate();
    stranger = new RSAKeyGenerator(2048).keyID("key-1").generate();
    published.add(current);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/jwks",
        exchange -> {
          byte[] body =
              new JWKSet(
                      published.stream()
                          .map(k -> (com.nimbusds.jose.jwk.JWK) k.toPublicJWK())
                          .toList())
                  .toString()
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  String jwksUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks";
  }

  /** The issuer starts publishing its second key, as a key rotation does. */
  void rotate() {
    if (!published.contains(rotated)) {
      published.add(rotated);
    }
  }

  /** Claims of a valid ID token, for {@code customise} to spoil. */
  static JWTClaimsSet.Builder validClaims() {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .subject("ops-service-account")
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(600)));
  }

  String sign(RSAKey key, UnaryOperator<JWTClaimsSet.Builder> customise) {
    return sign(key, null, customise);
  }

  /** A token of the header type {@code type} (none when null). */
  String sign(
      RSAKey key,
      com.nimbusds.jose.JOSEObjectType type,
      UnaryOperator<JWTClaimsSet.Builder> customise) {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(type).build(),
              customise.apply(validClaims()).build());
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The token as Cloud Run passes it on once its IAM check has verified it: signature removed. */
  static String withSignatureRemoved(String token) {
    return token.substring(0, token.lastIndexOf('.') + 1) + "SIGNATURE_REMOVED_BY_GOOGLE";
  }

  String valid() {
    return sign(current, claims -> claims);
  }

  /** An unsigned token: {@code alg: none}. */
  String unsigned() {
    return new PlainJWT(validClaims().build()).serialize();
  }

  /** HS256 with the public key's bytes as the HMAC secret: the classic algorithm confusion. */
  String hmacWithPublicKey() {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(current.getKeyID()).build(),
              validClaims().build());
      byte[] secret = current.toPublicJWK().toRSAPublicKey().getEncoded();
      jwt.sign(new MACSigner(secret));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
