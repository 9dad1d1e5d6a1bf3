package org.fieldsync.server.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.fieldsync.protocol.Digests;
import org.fieldsync.server.store.AuditEntry;
import org.fieldsync.server.store.Tx;

/**
 * The audit trail's hash chain: {@code hash = SHA-256(prevHash, seq, at, actor, roles, device,
 * action, target, detail)}, each part length-prefixed so no value can run into the next. This
 * class makes the chain ({@link #append}) and checks it ({@link Verifier}); the store only keeps
 * the entries it is given.
 */
public final class AuditChain {
  /** The previous hash of the first entry. */
  public static final String GENESIS = "0".repeat(64);

  private AuditChain() {}

  /**
   * Appends events to the chain inside the caller's transaction, in order, at time {@code now}:
   * each gets the next position and its hash over the one before, so a change and its audit
   * entries commit together.
   */
  public static void append(Tx tx, List<AuditEvent> events, long now) throws SQLException {
    if (events.isEmpty()) {
      return;
    }
    AuditEntry head = tx.audit().last().orElse(null);
    long seq = head == null ? 0 : head.seq();
    String prev = head == null ? GENESIS : head.hash();
    List<AuditEntry> entries = new ArrayList<>(events.size());
    for (AuditEvent e : events) {
      seq++;
      String hash = hash(prev, seq, now, e);
      entries.add(new AuditEntry(seq, now, e.actor(), e.roles(), e.device(), e.action(),
          e.target(), e.detail(), prev, hash));
      prev = hash;
    }
    tx.audit().insert(entries);
  }

  /** The hash an entry must carry, given the previous entry's hash. */
  public static String hash(String prevHash, long seq, long at, AuditEvent e) {
    return hash(prevHash, seq, at, e.actor(), e.roles(), e.device(), e.action(), e.target(),
        e.detail());
  }

  static String hash(String prevHash, long seq, long at, String actor, String roles,
      String device, String action, String target, String detail) {
    MessageDigest d = Digests.sha256();
    for (String part : new String[] {prevHash, Long.toString(seq), Long.toString(at), actor,
        roles, device, action, target, detail}) {
      if (part == null) {
        d.update((byte) 0); // absent differs from empty
        continue;
      }
      byte[] b = part.getBytes(StandardCharsets.UTF_8);
      d.update((byte) 1);
      d.update((byte) (b.length >>> 24));
      d.update((byte) (b.length >>> 16));
      d.update((byte) (b.length >>> 8));
      d.update((byte) b.length);
      d.update(b, 0, b.length);
    }
    return HexFormat.of().formatHex(d.digest());
  }

  /** Whether a stored entry's hash is what its fields and {@code prevHash} give. */
  public static boolean intact(AuditEntry e) {
    return e.hash().equals(hash(e.prevHash(), e.seq(), e.at(), e.actor(), e.roles(), e.device(),
        e.action(), e.target(), e.detail()));
  }

  /** Checks entries in order; feed it the whole trail. */
  public static final class Verifier {
    private long expectedSeq = 1;
    private String prev = GENESIS;
    private long checked;
    private Long firstBroken;
    private String reason;

    /** Checks the next entry; false once the chain is broken (later entries are not checked). */
    public boolean accept(AuditEntry e) {
      if (firstBroken != null) {
        return false;
      }
      if (e.seq() != expectedSeq) {
        return broken(expectedSeq, "entry " + expectedSeq + " is missing");
      }
      if (!e.prevHash().equals(prev)) {
        return broken(e.seq(), "entry " + e.seq() + " does not follow the entry before it");
      }
      if (!intact(e)) {
        return broken(e.seq(), "entry " + e.seq() + " was altered after it was written");
      }
      checked++;
      expectedSeq++;
      prev = e.hash();
      return true;
    }

    private boolean broken(long seq, String why) {
      firstBroken = seq;
      reason = why;
      return false;
    }

    /** The outcome. */
    public Verification result() {
      return new Verification(firstBroken == null, checked, firstBroken, reason, prev);
    }
  }

  /**
   * What verification found.
   *
   * @param ok the whole chain is intact
   * @param verified how many entries were checked and found intact
   * @param firstBroken the first entry that is missing, out of order or altered; null if none
   * @param reason why it is broken, in words
   * @param head the hash of the last intact entry
   */
  public record Verification(boolean ok, long verified, Long firstBroken, String reason,
      String head) {}
}
