package org.fieldsync.client.internal.vault;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.fieldsync.client.internal.store.Changes;
import org.fieldsync.client.internal.store.LocalStore;
import org.fieldsync.client.internal.store.OutboxEntry;
import org.fieldsync.client.internal.store.StoredReceipt;
import org.fieldsync.client.internal.store.StoredRecord;

/**
 * Encrypts what a worker wrote before the store sees it: a record's body and its attention
 * text, each outbox entry's revision (which holds the body), and the caseload (it names
 * children), with AES-256-GCM under the device's data key, bound to the record id and field (or
 * to {@code meta::caseload}). Left in plain text, because queries need
 * them: kind, record type, case id, child ids, sync state, the sort key (the record's date), and
 * revision ids, clocks, authors and devices (no record text). Receipts hold no record text.
 */
public final class EncryptedLocalStore implements LocalStore {
  /** The associated data the caseload is sealed with (records use their id and field). */
  private static final String CASELOAD = "meta::caseload";

  private final LocalStore plain;
  private final Supplier<byte[]> key;

  /** {@code key} gives the data key, or throws when the vault is locked. */
  public EncryptedLocalStore(LocalStore plain, Supplier<byte[]> key) {
    this.plain = plain;
    this.key = key;
  }

  private StoredRecord seal(StoredRecord r) {
    byte[] k = key.get();
    return r.withText(Aead.sealText(k, r.body(), r.recordId() + "|body"),
        Aead.sealText(k, r.attention(), r.recordId() + "|attention"));
  }

  private StoredRecord open(StoredRecord r) {
    byte[] k = key.get();
    return r.withText(Aead.openText(k, r.body(), r.recordId() + "|body"),
        Aead.openText(k, r.attention(), r.recordId() + "|attention"));
  }

  private OutboxEntry seal(OutboxEntry e) {
    return e == null ? null : new OutboxEntry(e.recordId(), e.rev(), e.parentRev(),
        e.queuedSeq(), Aead.sealText(key.get(), e.revisionJson(), e.recordId() + "|outbox"));
  }

  private OutboxEntry open(OutboxEntry e) {
    return new OutboxEntry(e.recordId(), e.rev(), e.parentRev(), e.queuedSeq(),
        Aead.openText(key.get(), e.revisionJson(), e.recordId() + "|outbox"));
  }

  private List<StoredRecord> open(List<StoredRecord> rows) {
    return rows.stream().map(this::open).toList();
  }

  @Override
  public Optional<StoredRecord> get(String recordId) {
    return plain.get(recordId).map(this::open);
  }

  @Override
  public List<StoredRecord> byType(String type) {
    return open(plain.byType(type));
  }

  @Override
  public List<StoredRecord> byCase(String caseId, String type) {
    return open(plain.byCase(caseId, type));
  }

  @Override
  public List<StoredRecord> byChild(String childId, String type) {
    return open(plain.byChild(childId, type));
  }

  @Override
  public List<StoredRecord> byState(String state) {
    return open(plain.byState(state));
  }

  @Override
  public int countByState(String state) {
    return plain.countByState(state);
  }

  @Override
  public List<String> recordIdsOfCase(String caseId) {
    return plain.recordIdsOfCase(caseId);
  }

  @Override
  public void saveLocal(StoredRecord record, OutboxEntry outbox) {
    plain.saveLocal(seal(record), seal(outbox));
  }

  @Override
  public List<OutboxEntry> outbox(int limit) {
    return plain.outbox(limit).stream().map(this::open).toList();
  }

  @Override
  public Optional<OutboxEntry> outboxFor(String recordId) {
    return plain.outboxFor(recordId).map(this::open);
  }

  @Override
  public int outboxSize() {
    return plain.outboxSize();
  }

  @Override
  public void apply(Changes c) {
    plain.apply(new Changes(c.upserts().stream().map(this::seal).toList(), c.purgeRecordIds(),
        c.outboxRemovals(), c.newCheckpoint(), c.receipts()));
  }

  @Override
  public Optional<String> checkpoint() {
    return plain.checkpoint();
  }

  @Override
  public Optional<String> caseload() {
    return plain.caseload().map(sealed -> Aead.openText(key.get(), sealed, CASELOAD));
  }

  @Override
  public void keepCaseload(String json) {
    plain.keepCaseload(Aead.sealText(key.get(), json, CASELOAD));
  }

  @Override
  public List<StoredReceipt> receipts(String recordId) {
    return plain.receipts(recordId);
  }

  @Override
  public void close() {
    plain.close();
  }
}
