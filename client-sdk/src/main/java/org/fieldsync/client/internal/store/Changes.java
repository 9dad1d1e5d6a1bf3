package org.fieldsync.client.internal.store;

import java.util.List;

/**
 * A set of changes the store applies in one local transaction.
 *
 * @param upserts records to write
 * @param purgeRecordIds records to remove entirely (with their outbox entries)
 * @param outboxRemovals conditional outbox removals
 * @param newCheckpoint the pull checkpoint to store, or null to leave it
 * @param receipts sync receipts to keep
 */
public record Changes(
    List<StoredRecord> upserts,
    List<String> purgeRecordIds,
    List<OutboxRemoval> outboxRemovals,
    String newCheckpoint,
    List<StoredReceipt> receipts) {

  public Changes(List<StoredRecord> upserts, List<String> purgeRecordIds,
      List<OutboxRemoval> outboxRemovals, String newCheckpoint) {
    this(upserts, purgeRecordIds, outboxRemovals, newCheckpoint, List.of());
  }

  /** Only receipts. */
  public static Changes receipts(List<StoredReceipt> receipts) {
    return new Changes(List.of(), List.of(), List.of(), null, receipts);
  }

  public Changes {
    receipts = receipts == null ? List.of() : List.copyOf(receipts);
    upserts = upserts == null ? List.of() : List.copyOf(upserts);
    purgeRecordIds = purgeRecordIds == null ? List.of() : List.copyOf(purgeRecordIds);
    outboxRemovals = outboxRemovals == null ? List.of() : List.copyOf(outboxRemovals);
  }

  public static Changes removeOutbox(OutboxRemoval removal) {
    return new Changes(List.of(), List.of(), List.of(removal), null);
  }
}
