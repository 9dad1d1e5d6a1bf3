package org.fieldsync.client.internal;

import java.time.Instant;
import org.fieldsync.client.Attention;
import org.fieldsync.client.LocalRecord;
import org.fieldsync.client.SyncState;
import org.fieldsync.client.internal.store.StoredRecord;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.RecordType;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.records.RecordBody;

/** Converts between the store's plain rows, wire revisions and the typed public view. */
final class RecordMapper {
  private RecordMapper() {}

  static <B extends RecordBody> LocalRecord<B> toLocal(
      StoredRecord s, Class<B> bodyClass, boolean unpushed) {
    RecordType type = RecordType.fromWire(s.type()).orElseThrow();
    B body = ProtocolCodec.decodeBody(s.body(), bodyClass);
    return new LocalRecord<>(
        s.recordId(),
        type,
        s.caseId(),
        s.childIds(),
        body,
        s.rev(),
        s.serverRev(),
        SyncState.valueOf(s.state()),
        attention(s.attention()),
        unpushed,
        s.authorId(),
        Instant.ofEpochMilli(s.updatedAt()));
  }

  static Attention attention(String json) {
    return json == null ? null : ProtocolCodec.decode(json, Attention.class);
  }

  static String attentionJson(Attention a) {
    return a == null ? null : ProtocolCodec.encodeToString(a);
  }

  /** The row for a revision, in the given state. */
  static StoredRecord fromRevision(
      Revision r, String serverRev, SyncState state, Attention attention, long now) {
    return new StoredRecord(
        r.id(),
        r.type(),
        r.caseId(),
        r.childIds(),
        r.rev(),
        r.parentRev(),
        serverRev,
        r.deleted(),
        r.schemaVersion(),
        r.authorId(),
        r.deviceId(),
        r.hlc(),
        r.body(),
        state.name(),
        attentionJson(attention),
        now,
        r.hlc());
  }

  /** The wire revision a row holds, as it was made (its own parent). */
  static Revision toRevision(StoredRecord s) {
    return new Revision(
        s.recordId(),
        s.type(),
        s.caseId(),
        s.childIds(),
        s.rev(),
        s.parentRev(),
        s.deleted(),
        s.schemaVersion(),
        s.authorId(),
        s.deviceId(),
        s.hlc(),
        s.body());
  }
}
