package org.fieldsync.client.internal.store;

import java.util.List;

/**
 * A record as the local store keeps it: plain values only, so the sync engine never sees the
 * database's types. {@code body} and {@code attention} are opaque text to the store; a later
 * change encrypts {@code body} at rest, so the store must never query inside it.
 *
 * @param recordId record id
 * @param type wire type name
 * @param caseId case id, nullable
 * @param childIds child ids (queried by "by child")
 * @param rev local current rev
 * @param serverRev last rev the server acknowledged, nullable
 * @param deleted tombstone
 * @param schemaVersion body schema version
 * @param authorId author of the current revision
 * @param deviceId device of the current revision
 * @param hlc HLC of the current revision
 * @param body canonical body JSON (opaque)
 * @param state SyncState name
 * @param attention attention JSON (opaque), nullable
 * @param updatedAt local update time, epoch millis
 * @param sortKey order within queries (the HLC text)
 */
public record StoredRecord(
    String recordId,
    String type,
    String caseId,
    List<String> childIds,
    String rev,
    String serverRev,
    boolean deleted,
    int schemaVersion,
    String authorId,
    String deviceId,
    String hlc,
    String body,
    String state,
    String attention,
    long updatedAt,
    String sortKey) {

  public StoredRecord {
    childIds = childIds == null ? List.of() : List.copyOf(childIds);
  }

  /** A copy with new sync bookkeeping and the same content. */
  public StoredRecord withSync(String newServerRev, String newState, String newAttention) {
    return new StoredRecord(recordId, type, caseId, childIds, rev, newServerRev, deleted,
        schemaVersion, authorId, deviceId, hlc, body, newState, newAttention,
        System.currentTimeMillis(), sortKey);
  }
}
