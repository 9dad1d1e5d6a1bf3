package org.fieldsync.client.internal;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.fieldsync.client.FieldSyncException;
import org.fieldsync.client.SdkErrorCodes;
import org.fieldsync.client.SyncState;
import org.fieldsync.client.internal.store.LocalStore;
import org.fieldsync.client.internal.store.OutboxEntry;
import org.fieldsync.client.internal.store.StoredRecord;
import org.fieldsync.protocol.ErrorCodes;
import org.fieldsync.protocol.HybridLogicalClock;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.RecordType;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.Revisions;
import org.fieldsync.protocol.UuidV7;
import org.fieldsync.protocol.records.RecordBody;
import org.fieldsync.protocol.validation.RecordValidator;
import org.fieldsync.protocol.validation.ValidationResult;

/**
 * Local saves: build the revision, validate it with the shared validator, and write the record and
 * its outbox entry in one local transaction. No network.
 *
 * <p>The outbox holds at most one revision per record, always built on the last revision the
 * server acknowledged ({@code serverRev}). Editing a record that is still unpushed replaces that
 * entry, so the server sees one clean fast-forward instead of a chain of drafts it never had. The
 * rejected alternative, queueing every local edit, pushes drafts whose parents the server has
 * never seen when an earlier one is rejected.
 */
public final class RecordWriter {
  private final LocalStore store;
  private final HybridLogicalClock clock;
  private final String deviceId;
  private final Supplier<String> authorId;
  private final Object writeLock;

  public RecordWriter(
      LocalStore store,
      HybridLogicalClock clock,
      String deviceId,
      Supplier<String> authorId,
      Object writeLock) {
    this.store = store;
    this.clock = clock;
    this.deviceId = deviceId;
    this.authorId = authorId;
    this.writeLock = writeLock;
  }

  public StoredRecord create(RecordType type, String caseId, List<String> childIds,
      RecordBody body) {
    String canonical = ProtocolCodec.encodeBody(body);
    synchronized (writeLock) {
      Revision r = Revisions.next(UuidV7.generate(), type, caseId, childIds, null, false,
          RecordValidator.SCHEMA_VERSION, authorId.get(), deviceId, clock.now(), canonical);
      return write(r, null, SyncState.PENDING);
    }
  }

  public StoredRecord update(String id, List<String> childIds, RecordBody body, boolean delete) {
    String canonical = ProtocolCodec.encodeBody(body);
    synchronized (writeLock) {
      StoredRecord s = store.get(id).orElseThrow(() -> new FieldSyncException(
          SdkErrorCodes.RECORD_NOT_FOUND, "no record " + id + " on this device"));
      RecordType type = RecordType.fromWire(s.type()).orElseThrow();
      if (RecordType.of(body.getClass()) != type) {
        throw new FieldSyncException(ErrorCodes.RECORD_TYPE_UNKNOWN,
            "record " + id + " is a " + s.type() + ", not a " + RecordType.of(body.getClass()));
      }
      Revision r = Revisions.next(id, type, s.caseId(), childIds == null ? s.childIds() : childIds,
          s.serverRev(), delete, RecordValidator.SCHEMA_VERSION, authorId.get(), deviceId,
          clock.now(), canonical);
      // An edit to a record under review joins the conflict as one more side; it stays under
      // review. An edit to a refused record is the worker's fix: it is pending again.
      SyncState state = SyncState.UNDER_REVIEW.name().equals(s.state())
          ? SyncState.UNDER_REVIEW : SyncState.PENDING;
      return write(r, s, state);
    }
  }

  private StoredRecord write(Revision r, StoredRecord previous, SyncState state) {
    ValidationResult v = RecordValidator.validate(r);
    if (!v.ok()) {
      throw new FieldSyncException(ErrorCodes.RECORD_INVALID,
          "the record is not valid: " + v.errors().get(0).message(), v.errors(), false, null);
    }
    String serverRev = previous == null ? null : previous.serverRev();
    StoredRecord row = RecordMapper.fromRevision(r, serverRev, state,
        state == SyncState.UNDER_REVIEW && previous != null
            ? RecordMapper.attention(previous.attention()) : null,
        System.currentTimeMillis());
    Optional<OutboxEntry> existing = store.outboxFor(r.id());
    OutboxEntry entry = new OutboxEntry(r.id(), r.rev(), r.parentRev(),
        existing.map(OutboxEntry::queuedSeq).orElse(-1L), ProtocolCodec.encodeToString(r));
    store.saveLocal(row, entry);
    return row;
  }
}
