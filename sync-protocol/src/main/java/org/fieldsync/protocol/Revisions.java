package org.fieldsync.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Deterministic revision ids.
 *
 * <p>A rev is {@code <generation>-<hash>}: the generation is the parent's plus one, and the hash is
 * the first 128 bits of SHA-256 over the parent rev and the canonical content (type, case,
 * children,
 * tombstone and body). Two devices that make the same edit from the same parent therefore mint the
 * same rev, and a retried push is recognised as the same revision. Author, device and clock are
 * deliberately left out of the hash for that reason. CouchDB's revs follow the same idea.
 */
public final class Revisions {
  private static final Pattern REV = Pattern.compile("([1-9][0-9]{0,8})-([0-9a-f]{32})");

  private Revisions() {}

  /** The generation of a rev, or 0 if it is not a well-formed rev. */
  public static int generationOf(String rev) {
    if (rev == null) {
      return 0;
    }
    var m = REV.matcher(rev);
    return m.matches() ? Integer.parseInt(m.group(1)) : 0;
  }

  public static boolean isWellFormed(String rev) {
    return rev != null && REV.matcher(rev).matches();
  }

  /** Computes the rev a revision must carry, from its parent and content. */
  public static String computeRev(Revision r) {
    int generation = r.parentRev() == null ? 1 : generationOf(r.parentRev()) + 1;
    return computeRev(generation, r.parentRev(), r.type(), r.caseId(), r.childIds(), r.deleted(),
        r.body());
  }

  public static String computeRev(
      int generation,
      String parentRev,
      String type,
      String caseId,
      List<String> childIds,
      boolean deleted,
      String canonicalBody) {
    MessageDigest sha = Digests.sha256();
    // Length-prefixed fields: no separator inside a value can make two contents collide.
    for (String part :
        new String[] {
          parentRev == null ? "" : parentRev,
          type,
          caseId == null ? "" : caseId,
          String.join("\u0000", childIds == null ? List.of() : childIds),
          deleted ? "1" : "0",
          canonicalBody == null ? "" : canonicalBody
        }) {
      byte[] bytes = (part == null ? "" : part).getBytes(StandardCharsets.UTF_8);
      sha.update(intBytes(bytes.length));
      sha.update(bytes);
    }
    byte[] digest = sha.digest();
    return generation + "-" + HexFormat.of().formatHex(digest, 0, 16);
  }

  /**
   * What a device signs for a revision it created: the id, the rev (which already commits to the
   * parent, type, case, children, tombstone and canonical body), and the envelope fields the rev
   * does not cover. A server checks {@link #revMatches} as well, so this signs the whole
   * canonical revision.
   */
  public static byte[] signingBytes(Revision r) {
    return ("fieldsync-revision-v1\n" + r.id() + "\n" + r.rev() + "\n" + r.authorId() + "\n"
        + r.deviceId() + "\n" + r.hlc() + "\n" + r.schemaVersion())
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Whether {@code r.rev()} is exactly what {@link #computeRev(Revision)} gives. */
  public static boolean revMatches(Revision r) {
    return r.rev() != null && r.rev().equals(computeRev(r));
  }

  /**
   * Builds the next revision of a record from its current one (or a first revision when {@code
   * parentRev} is null), filling in the rev.
   */
  public static Revision next(
      String id,
      RecordType type,
      String caseId,
      List<String> childIds,
      String parentRev,
      boolean deleted,
      int schemaVersion,
      String authorId,
      String deviceId,
      Hlc hlc,
      String canonicalBody) {
    Revision draft =
        new Revision(id, type.wireName(), caseId, childIds, null, parentRev, deleted,
            schemaVersion, authorId, deviceId, hlc.toString(), canonicalBody);
    return draft.withRev(computeRev(draft), parentRev);
  }

  private static byte[] intBytes(int v) {
    return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
  }
}
