package org.fieldsync.server.sync;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A change-feed position. {@code s}: every change with a sequence up to {@code s} has been
 * delivered. While a newly allocated case is being back-filled, {@code c}, {@code e} and {@code a}
 * say which case, the allocation's sequence, and the last back-filled record's sequence. {@code i}
 * and {@code p} are the store's identity and epoch when it was issued. Clients see it only as the
 * opaque, authenticated text {@link CheckpointCodec} makes; even so, scope is checked on every
 * read, so no checkpoint can widen what a user sees.
 *
 * @param s delivered up to this sequence
 * @param c back-fill case, or null
 * @param e back-fill allocation sequence
 * @param a back-fill position
 * @param i the issuing store's identity
 * @param p the issuing store's epoch
 * @param k null for an allocation's back-fill; {@code consent} when a partner's consent changed,
 *     so the back-fill also withdraws what is no longer shared
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Checkpoint(long s, String c, Long e, Long a, String i, String p, String k) {
  static final Checkpoint START = new Checkpoint(0, null, null, null, null, null, null);

  /** Delivered up to {@code s}, not back-filling. */
  static Checkpoint at(long s) {
    return new Checkpoint(s, null, null, null, null, null, null);
  }

  /** Back-filling {@code caseId} (allocated at {@code allocSeq}) after position {@code a}. */
  static Checkpoint backfill(long s, String caseId, long allocSeq, long a) {
    return backfill(s, caseId, allocSeq, a, false);
  }

  /** As above; {@code consent}: the back-fill of a consent change, which withdraws as well. */
  static Checkpoint backfill(long s, String caseId, long allocSeq, long a, boolean consent) {
    return new Checkpoint(s, caseId, allocSeq, a, null, null, consent ? "consent" : null);
  }

  Checkpoint stamped(String storeId, String epoch) {
    return new Checkpoint(s, c, e, a, storeId, epoch, k);
  }

  boolean consent() {
    return "consent".equals(k);
  }

  boolean backfilling() {
    return c != null && e != null && a != null;
  }

  boolean wellFormed() {
    return s >= 0 && (c == null || e != null && a != null && e > 0);
  }
}
