package org.fieldsync.client;

import java.time.Instant;
import java.util.List;
import org.fieldsync.protocol.RecordType;
import org.fieldsync.protocol.records.RecordBody;

/**
 * A record as this device holds it: the typed body, its case and children, and its sync state.
 * Immutable; read it again to see later changes.
 *
 * @param id record id (UUIDv7)
 * @param type record type
 * @param caseId case id, null for anonymous feedback
 * @param childIds children the record concerns
 * @param body the typed body
 * @param rev the local revision
 * @param serverRev the last revision the server acknowledged, null if never
 * @param state sync state
 * @param attention why the record needs attention or is under review; null when none
 * @param unpushed whether a local change is waiting in the outbox
 * @param authorId the author of the current revision
 * @param updatedAt when this device last changed the record locally or from the server
 * @param <B> the body type
 */
public record LocalRecord<B extends RecordBody>(
    String id,
    RecordType type,
    String caseId,
    List<String> childIds,
    B body,
    String rev,
    String serverRev,
    SyncState state,
    Attention attention,
    boolean unpushed,
    String authorId,
    Instant updatedAt) {
  public LocalRecord {
    childIds = childIds == null ? List.of() : List.copyOf(childIds);
  }
}
