package org.fieldsync.protocol.wire;

import java.nio.charset.StandardCharsets;

/**
 * The server's signed statement that a revision reached the case record: which revision, at
 * which server sequence, when, and as what. A worker's device keeps it, so they can show that
 * their visit reached the record at 14:02 even if the tablet is later lost.
 *
 * <p>The signature is Ed25519 by the server's key (published at {@code GET /api/v1/server-key})
 * over the UTF-8 bytes of {@link #payload()}.
 *
 * @param recordId record id
 * @param rev the revision the device pushed
 * @param seq server sequence at which it was stored
 * @param serverTime when the server stored it (epoch ms)
 * @param outcome {@code accepted}, {@code merged} or {@code conflict}: how it was stored
 * @param keyId which server key signed (first 16 hex digits of SHA-256 of the public key)
 * @param signature base64url Ed25519 signature, without padding
 */
public record Receipt(String recordId, String rev, long seq, long serverTime, String outcome,
    String keyId, String signature) {

  /** The exact text that is signed. */
  public String payload() {
    return "fieldsync-receipt-v1\n" + recordId + "\n" + rev + "\n" + seq + "\n" + serverTime
        + "\n" + outcome + "\n" + keyId;
  }

  /** {@link #payload()} as bytes. */
  public byte[] payloadBytes() {
    return payload().getBytes(StandardCharsets.UTF_8);
  }

  /** A copy carrying a signature. */
  public Receipt signed(String keyIdValue, String signatureValue) {
    return new Receipt(recordId, rev, seq, serverTime, outcome, keyIdValue, signatureValue);
  }
}
