package org.fieldsync.protocol.wire;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.fieldsync.protocol.Merkle;

/**
 * The server's signed statement that a revision reached the case record: which revision, at
 * which server sequence, when, and as what. A worker's device keeps it, so they can show that
 * their visit reached the record at 14:02 even if the tablet is later lost.
 *
 * <p>One push is signed once: each receipt is a leaf of a Merkle tree over the push's receipts,
 * and carries the path ({@code proof}) from its leaf to the signed root. Verifying a receipt
 * alone: recompute the root from {@link #payload()} and {@code proof}, then check the Ed25519
 * signature (by the key published at {@code GET /api/v1/server-key}) over {@link
 * #signedBytes()}.
 *
 * @param recordId record id
 * @param rev the revision the device pushed
 * @param seq server sequence at which it was stored
 * @param serverTime when the server stored it (epoch ms)
 * @param outcome {@code accepted}, {@code merged} or {@code conflict}: how it was stored
 * @param keyId which server key signed (first 16 hex digits of SHA-256 of the public key)
 * @param proof sibling hashes from leaf to root, each {@code "L"} or {@code "R"} (the sibling's
 *     side) followed by 64 hex digits; empty for a push of one
 * @param signature base64url Ed25519 signature of the root, without padding
 */
public record Receipt(String recordId, String rev, long seq, long serverTime, String outcome,
    String keyId, List<String> proof, String signature) {

  public Receipt {
    proof = proof == null ? List.of() : List.copyOf(proof);
  }

  /** The leaf text. */
  public String payload() {
    return "fieldsync-receipt-v1\n" + recordId + "\n" + rev + "\n" + seq + "\n" + serverTime
        + "\n" + outcome + "\n" + keyId;
  }

  /** The root this receipt's leaf and proof lead to. */
  public byte[] root() {
    return Merkle.rootOf(payload().getBytes(StandardCharsets.UTF_8), proof);
  }

  /** The bytes the server signs: the root of the push's receipts, and the key id. */
  public byte[] signedBytes() {
    return rootPayload(root(), keyId);
  }

  /** A copy with a key id, proof and signature. */
  public Receipt signed(String keyIdValue, List<String> proofValue, String signatureValue) {
    return new Receipt(recordId, rev, seq, serverTime, outcome, keyIdValue, proofValue,
        signatureValue);
  }

  static byte[] rootPayload(byte[] root, String keyId) {
    return ("fieldsync-receipts-root-v1\n" + HexFormat.of().formatHex(root) + "\n" + keyId)
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Gives each receipt (already carrying the key id) its Merkle proof; returns the receipts and
   * the bytes to sign once for all of them.
   */
  public static Tree tree(List<Receipt> receipts) {
    int n = receipts.size();
    List<byte[]> payloads = new ArrayList<>(n);
    receipts.forEach(r -> payloads.add(r.payload().getBytes(StandardCharsets.UTF_8)));
    Merkle.Tree t = Merkle.of(payloads);
    List<Receipt> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Receipt r = receipts.get(i);
      out.add(r.signed(r.keyId(), t.proofs().get(i), null));
    }
    String keyId = n == 0 ? null : receipts.get(0).keyId();
    return new Tree(out, n == 0 ? new byte[0] : rootPayload(t.root(), keyId));
  }

  /**
   * Receipts with proofs, and what to sign.
   *
   * @param receipts the receipts, in the order given
   * @param toSign the root payload to sign once
   */
  public record Tree(List<Receipt> receipts, byte[] toSign) {}
}
