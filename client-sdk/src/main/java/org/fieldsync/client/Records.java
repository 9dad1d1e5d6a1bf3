package org.fieldsync.client;

import java.util.List;
import java.util.Optional;
import org.fieldsync.protocol.records.RecordBody;

/**
 * Typed local access to one record type. Every method works offline and returns quickly: saves
 * validate with the same rules the server applies, write to the device, and queue the change for
 * the next sync. Every method throws {@link FieldSyncException} {@code vault.locked} while the
 * data is locked (a locked tablet never reads as empty), {@code client.closed} once closed.
 * Build bodies with {@link org.fieldsync.client.records.RecordBodies}. Thread-safe.
 *
 * @param <B> the body type
 */
public interface Records<B extends RecordBody> {

  /**
   * Saves a new record.
   *
   * @param caseId the case (family); null only for anonymous family feedback
   * @param childIds the children it concerns
   * @param body the content
   * @return the saved record, {@link SyncState#PENDING}
   * @throws FieldSyncException {@code record.invalid} with field errors if the record is not valid
   *     (nothing is saved), or {@code store.failed}
   */
  LocalRecord<B> create(String caseId, List<String> childIds, B body);

  /**
   * Saves a new version of a record. The worker's earlier text is never silently lost: if the
   * record is under review, this version joins the review as one more side.
   *
   * @throws FieldSyncException {@code record.notFound}, {@code record.invalid}, {@code
   *     store.failed}
   */
  LocalRecord<B> update(String id, B body);

  /** As {@link #update(String, RecordBody)}, also changing the children it concerns. */
  LocalRecord<B> update(String id, List<String> childIds, B body);

  /** Marks a record deleted (a tombstone); the server keeps every earlier revision. */
  LocalRecord<B> delete(String id);

  /** The record with this id, if this device holds one of this type (deleted ones included). */
  Optional<LocalRecord<B>> get(String id);

  /** Records of this type for a case, oldest first (by HLC). Deleted records are left out. */
  List<LocalRecord<B>> byCase(String caseId);

  /** Records of this type that concern a child, oldest first. Deleted records are left out. */
  List<LocalRecord<B>> byChild(String childId);

  /** Every record of this type on the device, oldest first. Deleted records are left out. */
  List<LocalRecord<B>> all();
}
