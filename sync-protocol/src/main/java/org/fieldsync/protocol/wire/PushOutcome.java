package org.fieldsync.protocol.wire;

import org.fieldsync.protocol.Revision;

/**
 * The outcome of one pushed revision.
 *
 * @param id record id
 * @param rev the pushed rev
 * @param outcome what happened
 * @param seq server sequence at which the revision was stored (null when rejected)
 * @param currentRev the record's current winning rev after this push
 * @param firstOutcome for {@code duplicate}: the outcome of the first push of this revision
 * @param merged for {@code merged}: the merged revision the device should adopt
 * @param error for {@code rejected}: why, with a stable code; for {@code conflict}: the
 *     conflicting fields
 * @param receipt for every stored revision (accepted, merged, conflict, and their duplicates):
 *     the server's signed receipt
 */
public record PushOutcome(
    String id,
    String rev,
    Outcome outcome,
    Long seq,
    String currentRev,
    Outcome firstOutcome,
    Revision merged,
    Problem error,
    Receipt receipt) {

  /** An outcome without a receipt (refused items, or before signing). */
  public PushOutcome(String id, String rev, Outcome outcome, Long seq, String currentRev,
      Outcome firstOutcome, Revision merged, Problem error) {
    this(id, rev, outcome, seq, currentRev, firstOutcome, merged, error, null);
  }

  /** A copy with a receipt. */
  public PushOutcome withReceipt(Receipt r) {
    return new PushOutcome(id, rev, outcome, seq, currentRev, firstOutcome, merged, error, r);
  }
}
