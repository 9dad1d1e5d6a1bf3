package org.fieldsync.server.export;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fieldsync.protocol.Digests;
import org.fieldsync.server.auth.ServerKeys;

/**
 * HTTP Message Signatures (RFC 9421) over an export request, with the server's Ed25519 key
 * (algorithm {@code ed25519}, key id as {@code GET /api/v1/server-key} publishes it). Covered:
 * the method, the target URI, {@code content-type}, {@code content-digest} (RFC 9530, SHA-256 of
 * the body) and {@code idempotency-key}, with the creation time; the label is {@code fieldsync}.
 * A receiver rebuilds the signature base from the request it got and verifies it with the
 * published public key (docs/integration.md shows the base line by line).
 */
final class MessageSignatures {
  static final String LABEL = "fieldsync";
  static final List<String> COVERED = List.of("@method", "@target-uri", "content-type",
      "content-digest", "idempotency-key");

  private MessageSignatures() {}

  /** The headers to send: Content-Type, Content-Digest, Idempotency-Key, Signature(-Input). */
  static Map<String, String> sign(ServerKeys keys, String method, URI target, byte[] body,
      String idempotencyKey, long createdSeconds) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("content-type", "application/json");
    h.put("content-digest", "sha-256=:" + Base64.getEncoder().encodeToString(
        Digests.sha256(body)) + ":");
    h.put("idempotency-key", idempotencyKey);
    String params = params(keys.keyId(), createdSeconds);
    String base = base(method, target.toString(), h, params);
    byte[] sig = keys.signRaw(base.getBytes(StandardCharsets.US_ASCII));
    h.put("signature-input", LABEL + "=" + params);
    h.put("signature", LABEL + "=:" + Base64.getEncoder().encodeToString(sig) + ":");
    return h;
  }

  static String params(String keyId, long created) {
    StringBuilder b = new StringBuilder("(");
    for (int i = 0; i < COVERED.size(); i++) {
      b.append(i == 0 ? "" : " ").append('"').append(COVERED.get(i)).append('"');
    }
    return b.append(");created=").append(created).append(";keyid=\"").append(keyId)
        .append("\";alg=\"ed25519\"").toString();
  }

  /** The signature base (RFC 9421 section 2.5): one line per component, then the params. */
  static String base(String method, String targetUri, Map<String, String> headers,
      String params) {
    StringBuilder b = new StringBuilder();
    for (String c : COVERED) {
      String v = switch (c) {
        case "@method" -> method;
        case "@target-uri" -> targetUri;
        default -> headers.get(c);
      };
      b.append('"').append(c).append("\": ").append(v).append('\n');
    }
    return b.append("\"@signature-params\": ").append(params).toString();
  }
}
