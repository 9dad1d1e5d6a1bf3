package org.fieldsync.client.internal;

import java.util.List;
import java.util.Optional;
import org.fieldsync.client.FieldSyncException;
import org.fieldsync.client.LocalRecord;
import org.fieldsync.client.Records;
import org.fieldsync.client.SdkErrorCodes;
import org.fieldsync.client.internal.store.LocalStore;
import org.fieldsync.client.internal.store.StoredRecord;
import org.fieldsync.protocol.RecordType;
import org.fieldsync.protocol.records.RecordBody;

/** {@link Records} for one type, over the local store; every call first checks it is ready. */
public final class TypedRecords<B extends RecordBody> implements Records<B> {
  private final RecordType type;
  private final Class<B> bodyClass;
  private final LocalStore store;
  private final RecordWriter writer;
  private final Runnable afterSave;
  private final Runnable ready;

  /**
   * {@code ready} throws when the owning FieldSync is closed or wiped, or its data is locked: a
   * locked store must never read as empty.
   */
  public TypedRecords(Class<B> bodyClass, LocalStore store, RecordWriter writer,
      Runnable afterSave, Runnable ready) {
    this.ready = ready;
    this.type = RecordType.of(bodyClass);
    this.bodyClass = bodyClass;
    this.store = store;
    this.writer = writer;
    this.afterSave = afterSave;
  }

  @Override
  public LocalRecord<B> create(String caseId, List<String> childIds, B body) {
    ready.run();
    requireBody(body);
    return saved(writer.create(type, caseId, childIds == null ? List.of() : childIds, body));
  }

  @Override
  public LocalRecord<B> update(String id, B body) {
    ready.run();
    requireBody(body);
    return saved(writer.update(id, null, body, false));
  }

  @Override
  public LocalRecord<B> update(String id, List<String> childIds, B body) {
    ready.run();
    requireBody(body);
    return saved(writer.update(id, childIds, body, false));
  }

  @Override
  public LocalRecord<B> delete(String id) {
    ready.run();
    B body = get(id).map(LocalRecord::body).orElseThrow(() -> new FieldSyncException(
        SdkErrorCodes.RECORD_NOT_FOUND, "no record " + id + " on this device"));
    return saved(writer.update(id, null, body, true));
  }

  @Override
  public Optional<LocalRecord<B>> get(String id) {
    ready.run();
    return store.get(id).filter(s -> s.type().equals(type.wireName())).map(this::view);
  }

  @Override
  public List<LocalRecord<B>> byCase(String caseId) {
    ready.run();
    return live(store.byCase(caseId, type.wireName()));
  }

  @Override
  public List<LocalRecord<B>> byChild(String childId) {
    ready.run();
    return live(store.byChild(childId, type.wireName()));
  }

  @Override
  public List<LocalRecord<B>> all() {
    ready.run();
    return live(store.byType(type.wireName()));
  }

  private List<LocalRecord<B>> live(List<StoredRecord> rows) {
    return rows.stream().filter(s -> !s.deleted()).map(this::view).toList();
  }

  private LocalRecord<B> saved(StoredRecord row) {
    afterSave.run();
    return view(row);
  }

  private LocalRecord<B> view(StoredRecord s) {
    return RecordMapper.toLocal(s, bodyClass, store.outboxFor(s.recordId()).isPresent());
  }

  private static void requireBody(Object body) {
    if (body == null) {
      throw new FieldSyncException(SdkErrorCodes.RECORD_BODY_REQUIRED, "a record body is required");
    }
  }
}
