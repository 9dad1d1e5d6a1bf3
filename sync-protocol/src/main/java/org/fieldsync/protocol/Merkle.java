package org.fieldsync.protocol;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The one Merkle tree of the protocol, used for receipts (the server signs a push's receipts
 * once) and for a push signed once by the device: leaf = SHA-256(0x00 ‖ payload), node =
 * SHA-256(0x01 ‖ left ‖ right), an odd node at the end of a level moves up unpaired; a proof
 * lists the sibling hashes from leaf to root, each {@code L} or {@code R} (the sibling's side)
 * and 64 lower-case hex digits (PROTOCOL.md sections 8.0 and 8.2).
 */
public final class Merkle {
  private static final HexFormat HEX = HexFormat.of();

  private Merkle() {}

  /**
   * A tree's root and each leaf's proof, in leaf order.
   *
   * @param root the root hash (empty for no leaves)
   * @param proofs one proof per leaf
   */
  public record Tree(byte[] root, List<List<String>> proofs) {}

  /** The tree over these payloads, in order. */
  public static Tree of(List<byte[]> payloads) {
    int n = payloads.size();
    if (n == 0) {
      return new Tree(new byte[0], List.of());
    }
    List<List<String>> proofs = new ArrayList<>(n);
    List<byte[]> level = new ArrayList<>(n);
    for (byte[] p : payloads) {
      proofs.add(new ArrayList<>());
      level.add(leaf(p));
    }
    // Leaf i sits at index i / width on each level; its sibling there is the index with the
    // last bit flipped, when that node exists (the last node of an odd level has none).
    for (int width = 1; level.size() > 1; width <<= 1) {
      for (int i = 0; i < n; i++) {
        int at = i / width;
        int sibling = at ^ 1;
        if (sibling < level.size()) {
          proofs.get(i).add((sibling < at ? "L" : "R") + HEX.formatHex(level.get(sibling)));
        }
      }
      List<byte[]> next = new ArrayList<>((level.size() + 1) / 2);
      for (int i = 0; i < level.size(); i += 2) {
        next.add(i + 1 < level.size() ? node(level.get(i), level.get(i + 1)) : level.get(i));
      }
      level = next;
    }
    List<List<String>> frozen = new ArrayList<>(n);
    proofs.forEach(p -> frozen.add(List.copyOf(p)));
    return new Tree(level.get(0), List.copyOf(frozen));
  }

  /**
   * The root one payload and its proof lead to. Throws {@link IllegalArgumentException} for a
   * malformed step.
   */
  public static byte[] rootOf(byte[] payload, List<String> proof) {
    byte[] h = leaf(payload);
    for (String step : proof) {
      if (step == null || step.length() != 65 || (step.charAt(0) != 'L'
          && step.charAt(0) != 'R')) {
        throw new IllegalArgumentException("malformed proof step");
      }
      byte[] sibling = HEX.parseHex(step.substring(1));
      h = step.charAt(0) == 'L' ? node(sibling, h) : node(h, sibling);
    }
    return h;
  }

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
