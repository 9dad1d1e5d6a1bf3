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
 * @param parentRev the current revision's parent, nullable (a first revision has none): kept so
 *     the revision can be pushed again exactly as it is after the server lost it (a restore)
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
    String parentRev,
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
    return new StoredRecord(recordId, type, caseId, childIds, rev, parentRev, newServerRev,
        deleted, schemaVersion, authorId, deviceId, hlc, body, newState, newAttention,
        System.currentTimeMillis(), sortKey);
  }

  /** A copy with the same everything but the body and attention text (sealed or opened). */
  public StoredRecord withText(String newBody, String newAttention) {
    return new StoredRecord(recordId, type, caseId, childIds, rev, parentRev, serverRev, deleted,
        schemaVersion, authorId, deviceId, hlc, newBody, state, newAttention, updatedAt, sortKey);
  }
}
