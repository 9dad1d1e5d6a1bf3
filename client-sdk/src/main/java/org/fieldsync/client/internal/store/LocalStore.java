package org.fieldsync.client.internal.store;

import java.util.List;
import java.util.Optional;

/**
 * The device's record store, as the sync engine sees it: plain values, no database types, so an
 * Android build can swap Couchbase Lite Java for Couchbase Lite for Android (or anything else)
 * behind it. Implementations are thread-safe, and each write method is atomic and durable when it
 * returns.
 */
public interface LocalStore extends AutoCloseable {
  Optional<StoredRecord> get(String recordId);

  /** Records of a type, ordered by sort key. */
  List<StoredRecord> byType(String type);

  /** Records of a case, of one type or (null) all types, ordered by sort key. */
  List<StoredRecord> byCase(String caseId, String type);

  /** Records concerning a child, of one type or (null) all types, ordered by sort key. */
  List<StoredRecord> byChild(String childId, String type);

  List<StoredRecord> byState(String state);

  int countByState(String state);

  List<String> recordIdsOfCase(String caseId);

  /** Writes a record and (if not null) its outbox entry in one transaction. */
  void saveLocal(StoredRecord record, OutboxEntry outbox);

  /** Pending entries in FIFO order, at most {@code limit}. */
  List<OutboxEntry> outbox(int limit);

  Optional<OutboxEntry> outboxFor(String recordId);

  int outboxSize();

  /** Applies every change in one transaction. */
  void apply(Changes changes);

  Optional<String> checkpoint();

  /** The last caseload the server sent (JSON, opaque to the store), if one was kept. */
  Optional<String> caseload();

  /** Keeps the caseload the server sent, replacing the one kept before. */
  void keepCaseload(String json);

  /** The sync receipts kept for a record, in server-sequence order. */
  List<StoredReceipt> receipts(String recordId);

  @Override
  void close();
}
