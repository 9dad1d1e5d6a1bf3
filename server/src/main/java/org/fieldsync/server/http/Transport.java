package org.fieldsync.server.http;

import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;
import java.util.Set;

/**
 * How the server speaks on the wire, in one place: the headers every answer carries, and which
 * TLS versions and cipher suites it offers.
 *
 * <ul>
 *   <li>Every answer: {@code X-Content-Type-Options: nosniff}, so a browser never runs a record's
 *       text or an attachment as something it is not.
 *   <li>Every API answer: {@code Cache-Control: no-store}. Timelines, histories, the change feed,
 *       conflicts and attachments carry case content, and no browser, proxy or tablet cache may
 *       keep it; the API has nothing worth caching, so all of it says so rather than a list of
 *       routes that a new route could be missing from.
 *   <li>Over HTTPS: {@code Strict-Transport-Security} for a year, so a browser that has seen the
 *       console once never tries plain HTTP to it again. Not {@code includeSubDomains}: the
 *       council's other hosts are not ours to decide for. Never over plain HTTP, where it would be
 *       both ignored and untrue.
 *   <li>TLS 1.3, and TLS 1.2 with AEAD suites only (AES-GCM, ChaCha20-Poly1305) over ECDHE:
 *       the CBC suites (Lucky13-style padding oracles, no forward secrecy without ECDHE) are not
 *       offered. The list covers ECDSA keys (the development certificate) and RSA keys (most
 *       councils' certificates).
 * </ul>
 */
public final class Transport {
  /** One year, the value HSTS preload lists ask for. */
  public static final String HSTS = "max-age=31536000";

  /** TLS 1.3's suites (all AEAD), then TLS 1.2's AEAD suites over ECDHE. */
  public static final List<String> CIPHER_SUITES = List.of(
      "TLS_AES_128_GCM_SHA256",
      "TLS_AES_256_GCM_SHA384",
      "TLS_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
      "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  private Transport() {}

  /** Restricts an HTTPS listener to TLS 1.2 and 1.3 with the suites above. */
  public static HttpServerOptions harden(HttpServerOptions options) {
    options.setEnabledSecureTransportProtocols(Set.of("TLSv1.2", "TLSv1.3"));
    CIPHER_SUITES.forEach(options::addEnabledCipherSuite);
    return options;
  }

  /** Puts the headers every answer carries; {@code api} for {@code /api/} paths. */
  static void headers(HttpServerResponse response, boolean api, boolean tls) {
    response.putHeader("X-Content-Type-Options", "nosniff");
    if (api) {
      response.putHeader("Cache-Control", "no-store");
    }
    if (tls) {
      response.putHeader("Strict-Transport-Security", HSTS);
    }
  }
}
