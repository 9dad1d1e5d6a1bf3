package org.fieldsync.protocol.wire;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.fieldsync.protocol.Digests;

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
    byte[] h = leaf(payload().getBytes(StandardCharsets.UTF_8));
    for (String step : proof) {
      if (step.length() != 65 || (step.charAt(0) != 'L' && step.charAt(0) != 'R')) {
        throw new IllegalArgumentException("malformed proof step");
      }
      byte[] sibling = HexFormat.of().parseHex(step.substring(1));
      h = step.charAt(0) == 'L' ? node(sibling, h) : node(h, sibling);
    }
    return h;
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
    List<List<String>> proofs = new ArrayList<>();
    List<byte[]> level = new ArrayList<>();
    List<List<Integer>> members = new ArrayList<>(); // which leaves each node covers
    for (int i = 0; i < n; i++) {
      proofs.add(new ArrayList<>());
      level.add(leaf(receipts.get(i).payload().getBytes(StandardCharsets.UTF_8)));
      members.add(List.of(i));
    }
    while (level.size() > 1) {
      List<byte[]> next = new ArrayList<>();
      List<List<Integer>> nextMembers = new ArrayList<>();
      for (int i = 0; i < level.size(); i += 2) {
        if (i + 1 == level.size()) {
          next.add(level.get(i)); // an odd node moves up as it is
          nextMembers.add(members.get(i));
          continue;
        }
        byte[] left = level.get(i);
        byte[] right = level.get(i + 1);
        for (int leaf : members.get(i)) {
          proofs.get(leaf).add("R" + HexFormat.of().formatHex(right));
        }
        for (int leaf : members.get(i + 1)) {
          proofs.get(leaf).add("L" + HexFormat.of().formatHex(left));
        }
        next.add(node(left, right));
        List<Integer> both = new ArrayList<>(members.get(i));
        both.addAll(members.get(i + 1));
        nextMembers.add(both);
      }
      level = next;
      members = nextMembers;
    }
    List<Receipt> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Receipt r = receipts.get(i);
      out.add(r.signed(r.keyId(), proofs.get(i), null));
    }
    String keyId = n == 0 ? null : receipts.get(0).keyId();
    return new Tree(out, n == 0 ? new byte[0] : rootPayload(level.get(0), keyId));
  }

  /**
   * Receipts with proofs, and what to sign.
   *
   * @param receipts the receipts, in the order given
   * @param toSign the root payload to sign once
   */
  public record Tree(List<Receipt> receipts, byte[] toSign) {}

  private static byte[] leaf(byte[] payload) {
    MessageDigest d = Digests.sha256();
    d.update((byte) 0);
    return d.digest(payload);
  }

  private static byte[] node(byte[] left, byte[] right) {
    MessageDigest d = Digests.sha256();
    d.update((byte) 1);
    d.update(left);
    return d.digest(right);
  }
}
