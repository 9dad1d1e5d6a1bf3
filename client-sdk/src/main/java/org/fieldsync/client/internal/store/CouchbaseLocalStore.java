package org.fieldsync.client.internal.store;

import com.couchbase.lite.ArrayFunction;
import com.couchbase.lite.CouchbaseLiteException;
import com.couchbase.lite.DataSource;
import com.couchbase.lite.Database;
import com.couchbase.lite.DatabaseConfiguration;
import com.couchbase.lite.Document;
import com.couchbase.lite.Expression;
import com.couchbase.lite.Meta;
import com.couchbase.lite.MutableDocument;
import com.couchbase.lite.Ordering;
import com.couchbase.lite.Query;
import com.couchbase.lite.QueryBuilder;
import com.couchbase.lite.Result;
import com.couchbase.lite.ResultSet;
import com.couchbase.lite.SelectResult;
import com.couchbase.lite.ValueIndexConfiguration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link LocalStore} on Couchbase Lite Java 3.0. One database, {@code fieldsync}, in the given
 * folder. 3.0 has only the default collection, so documents carry a {@code kind} and an id prefix:
 * {@code rec::<id>} for records, {@code out::<id>} for outbox entries, {@code meta::sync} for the
 * checkpoint and the outbox counter, {@code meta::caseload} for the last caseload.
 *
 * <p>Indexed and queried in plain text: kind, type, caseId, childIds, state, sortKey and the
 * outbox position; these are what the typed API filters on and they identify no content. The body
 * is an opaque string that is never queried, which lets a later change encrypt it.
 *
 * <p>Writes take this object's monitor so read-modify-write sequences (the outbox counter) are
 * atomic; each write is one {@code inBatch} transaction, durable when it returns.
 */
public final class CouchbaseLocalStore implements LocalStore {
  private static final String RECORD = "record";
  private static final String OUTBOX = "outbox";
  private static final String RECEIPT = "receipt";
  private static final String META_ID = "meta::sync";
  private static final String CASELOAD_ID = "meta::caseload";

  private final Database db;

  private CouchbaseLocalStore(Database db) {
    this.db = db;
  }

  /** Opens (or creates) the store in {@code folder}, loading the native library first. */
  public static CouchbaseLocalStore open(Path folder) {
    NativeLibraries.ensureLoaded();
    try {
      DatabaseConfiguration cfg = new DatabaseConfiguration();
      cfg.setDirectory(folder.toAbsolutePath().toString());
      Database db = new Database("fieldsync", cfg);
      db.createIndex("kind_type", new ValueIndexConfiguration("kind", "type", "sortKey"));
      db.createIndex("kind_case", new ValueIndexConfiguration("kind", "caseId", "sortKey"));
      db.createIndex("kind_state", new ValueIndexConfiguration("kind", "state"));
      db.createIndex("kind_queue", new ValueIndexConfiguration("kind", "queuedSeq"));
      db.createIndex("kind_receipt", new ValueIndexConfiguration("kind", "recordId", "seq"));
      return new CouchbaseLocalStore(db);
    } catch (CouchbaseLiteException e) {
      throw new LocalStoreException("cannot open the local database in " + folder + ": "
          + e.getMessage(), e);
    }
  }

  @Override
  public Optional<StoredRecord> get(String recordId) {
    Document d = db.getDocument(recordKey(recordId));
    return d == null ? Optional.empty() : Optional.of(DocumentMapping.toRecord(d.toMap()));
  }

  @Override
  public List<StoredRecord> byType(String type) {
    return records(kindIs(RECORD).and(eq("type", type)));
  }

  @Override
  public List<StoredRecord> byCase(String caseId, String type) {
    Expression w = kindIs(RECORD).and(eq("caseId", caseId));
    return records(type == null ? w : w.and(eq("type", type)));
  }

  @Override
  public List<StoredRecord> byChild(String childId, String type) {
    // CBL 3.0 has no array index; ARRAY_CONTAINS scans the (kind, type) index range instead,
    // which is fine at a caseload's size (hundreds to a few thousand records).
    Expression w = kindIs(RECORD).and(
        ArrayFunction.contains(Expression.property("childIds"), Expression.string(childId)));
    return records(type == null ? w : w.and(eq("type", type)));
  }

  @Override
  public List<StoredRecord> byState(String state) {
    return records(kindIs(RECORD).and(eq("state", state)));
  }

  @Override
  public int countByState(String state) {
    return ids(kindIs(RECORD).and(eq("state", state))).size();
  }

  @Override
  public List<String> recordIdsOfCase(String caseId) {
    List<String> out = new ArrayList<>();
    for (String docId : ids(kindIs(RECORD).and(eq("caseId", caseId)))) {
      out.add(docId.substring("rec::".length()));
    }
    return out;
  }

  @Override
  public synchronized void saveLocal(StoredRecord record, OutboxEntry outbox) {
    batch("save record " + record.recordId(), () -> {
      db.save(DocumentMapping.toDocument(recordKey(record.recordId()), record));
      if (outbox != null) {
        writeOutbox(outbox);
      }
    });
  }

  private void writeOutbox(OutboxEntry e) throws CouchbaseLiteException {
    Document existing = db.getDocument(outboxKey(e.recordId()));
    long seq;
    if (existing != null) {
      seq = existing.getLong("queuedSeq"); // a replacement keeps its place in the queue
    } else {
      MutableDocument meta = meta();
      seq = meta.getLong("outboxCounter") + 1;
      meta.setLong("outboxCounter", seq);
      db.save(meta);
    }
    db.save(DocumentMapping.toDocument(outboxKey(e.recordId()),
        new OutboxEntry(e.recordId(), e.rev(), e.parentRev(), seq, e.revisionJson())));
  }

  @Override
  public List<OutboxEntry> outbox(int limit) {
    Query q = QueryBuilder.select(SelectResult.all())
        .from(DataSource.database(db))
        .where(kindIs(OUTBOX))
        .orderBy(Ordering.property("queuedSeq").ascending())
        .limit(Expression.intValue(Math.max(0, limit)));
    List<OutboxEntry> out = new ArrayList<>();
    run(q, r -> out.add(DocumentMapping.toOutbox(r.getDictionary(0).toMap())));
    return out;
  }

  @Override
  public Optional<OutboxEntry> outboxFor(String recordId) {
    Document d = db.getDocument(outboxKey(recordId));
    return d == null ? Optional.empty() : Optional.of(DocumentMapping.toOutbox(d.toMap()));
  }

  @Override
  public int outboxSize() {
    return ids(kindIs(OUTBOX)).size();
  }

  @Override
  public synchronized void apply(Changes changes) {
    batch("apply changes", () -> {
      for (StoredRecord r : changes.upserts()) {
        db.save(DocumentMapping.toDocument(recordKey(r.recordId()), r));
      }
      for (String id : changes.purgeRecordIds()) {
        purgeIfPresent(recordKey(id));
        purgeIfPresent(outboxKey(id));
      }
      for (OutboxRemoval rm : changes.outboxRemovals()) {
        Document d = db.getDocument(outboxKey(rm.recordId()));
        if (d != null && rm.rev().equals(d.getString("rev"))) {
          db.purge(d);
        }
      }
      for (StoredReceipt r : changes.receipts()) {
        MutableDocument d = new MutableDocument("receipt::" + r.recordId() + "::" + r.rev());
        d.setString("kind", RECEIPT);
        d.setString("recordId", r.recordId());
        d.setString("rev", r.rev());
        d.setLong("seq", r.seq());
        d.setLong("serverTime", r.serverTime());
        d.setString("outcome", r.outcome());
        d.setString("keyId", r.keyId());
        d.setString("signature", r.signature());
        d.setString("proof", r.proof());
        d.setBoolean("verified", r.verified());
        db.save(d);
      }
      if (changes.newCheckpoint() != null) {
        MutableDocument meta = meta();
        meta.setString("checkpoint", changes.newCheckpoint());
        db.save(meta);
      }
    });
  }

  @Override
  public List<StoredReceipt> receipts(String recordId) {
    Query q = QueryBuilder.select(SelectResult.all())
        .from(DataSource.database(db))
        .where(kindIs(RECEIPT).and(eq("recordId", recordId)))
        .orderBy(Ordering.property("seq").ascending());
    List<StoredReceipt> out = new ArrayList<>();
    run(q, r -> {
      var m = r.getDictionary(0);
      out.add(new StoredReceipt(m.getString("recordId"), m.getString("rev"), m.getLong("seq"),
          m.getLong("serverTime"), m.getString("outcome"), m.getString("keyId"),
          m.getString("signature"), m.getString("proof"), m.getBoolean("verified")));
    });
    return out;
  }

  @Override
  public Optional<String> checkpoint() {
    Document d = db.getDocument(META_ID);
    return d == null ? Optional.empty() : Optional.ofNullable(d.getString("checkpoint"));
  }

  @Override
  public Optional<String> caseload() {
    Document d = db.getDocument(CASELOAD_ID);
    return d == null ? Optional.empty() : Optional.ofNullable(d.getString("json"));
  }

  @Override
  public synchronized void keepCaseload(String json) {
    batch("keep the caseload", () -> {
      MutableDocument d = new MutableDocument(CASELOAD_ID);
      d.setString("kind", "meta");
      d.setString("json", json);
      db.save(d);
    });
  }

  @Override
  public synchronized void close() {
    try {
      db.close();
    } catch (CouchbaseLiteException e) {
      throw new LocalStoreException("cannot close the local database: " + e.getMessage(), e);
    }
  }

  private void purgeIfPresent(String docId) throws CouchbaseLiteException {
    Document d = db.getDocument(docId);
    if (d != null) {
      db.purge(d);
    }
  }

  private MutableDocument meta() {
    Document d = db.getDocument(META_ID);
    if (d != null) {
      return d.toMutable();
    }
    MutableDocument m = new MutableDocument(META_ID);
    m.setString("kind", "meta");
    m.setLong("outboxCounter", 0);
    return m;
  }

  private List<StoredRecord> records(Expression where) {
    Query q = QueryBuilder.select(SelectResult.all())
        .from(DataSource.database(db))
        .where(where)
        .orderBy(Ordering.property("sortKey").ascending());
    List<StoredRecord> out = new ArrayList<>();
    run(q, r -> out.add(DocumentMapping.toRecord(r.getDictionary(0).toMap())));
    return out;
  }

  private List<String> ids(Expression where) {
    Query q = QueryBuilder.select(SelectResult.expression(Meta.id))
        .from(DataSource.database(db))
        .where(where);
    List<String> out = new ArrayList<>();
    run(q, r -> out.add(r.getString(0)));
    return out;
  }

  private interface RowHandler {
    void handle(Result r);
  }

  private static void run(Query q, RowHandler h) {
    try (ResultSet rs = q.execute()) {
      for (Result r : rs) {
        h.handle(r);
      }
    } catch (CouchbaseLiteException e) {
      throw new LocalStoreException("local query failed: " + e.getMessage(), e);
    }
  }

  private interface Work {
    void run() throws CouchbaseLiteException;
  }

  private void batch(String what, Work work) {
    try {
      db.inBatch(work::run);
    } catch (CouchbaseLiteException e) {
      throw new LocalStoreException("cannot " + what + " in the local database: "
          + e.getMessage(), e);
    }
  }

  private static Expression kindIs(String kind) {
    return eq("kind", kind);
  }

  private static Expression eq(String property, String value) {
    return Expression.property(property).equalTo(Expression.string(value));
  }

  private static String recordKey(String id) {
    return "rec::" + id;
  }

  private static String outboxKey(String id) {
    return "out::" + id;
  }
}
