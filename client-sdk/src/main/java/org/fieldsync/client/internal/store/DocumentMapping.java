package org.fieldsync.client.internal.store;

import com.couchbase.lite.MutableArray;
import com.couchbase.lite.MutableDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Field-by-field mapping between store values and Couchbase Lite documents. */
final class DocumentMapping {
  private DocumentMapping() {}

  static MutableDocument toDocument(String docId, StoredRecord r) {
    MutableDocument d = new MutableDocument(docId);
    d.setString("kind", "record");
    d.setString("recordId", r.recordId());
    d.setString("type", r.type());
    d.setString("caseId", r.caseId());
    d.setArray("childIds", new MutableArray(new ArrayList<>(r.childIds())));
    d.setString("rev", r.rev());
    d.setString("parentRev", r.parentRev());
    d.setString("serverRev", r.serverRev());
    d.setBoolean("deleted", r.deleted());
    d.setInt("schemaVersion", r.schemaVersion());
    d.setString("authorId", r.authorId());
    d.setString("deviceId", r.deviceId());
    d.setString("hlc", r.hlc());
    d.setString("body", r.body());
    d.setString("state", r.state());
    d.setString("attention", r.attention());
    d.setLong("updatedAt", r.updatedAt());
    d.setString("sortKey", r.sortKey());
    return d;
  }

  /** Reads a record from a document's or a query row's {@code toMap()}. */
  static StoredRecord toRecord(Map<String, Object> d) {
    return new StoredRecord(
        str(d, "recordId"),
        str(d, "type"),
        str(d, "caseId"),
        strings(d.get("childIds")),
        str(d, "rev"),
        str(d, "parentRev"),
        str(d, "serverRev"),
        Boolean.TRUE.equals(d.get("deleted")),
        (int) num(d, "schemaVersion"),
        str(d, "authorId"),
        str(d, "deviceId"),
        str(d, "hlc"),
        str(d, "body"),
        str(d, "state"),
        str(d, "attention"),
        num(d, "updatedAt"),
        str(d, "sortKey"));
  }

  static MutableDocument toDocument(String docId, OutboxEntry e) {
    MutableDocument d = new MutableDocument(docId);
    d.setString("kind", "outbox");
    d.setString("recordId", e.recordId());
    d.setString("rev", e.rev());
    d.setString("parentRev", e.parentRev());
    d.setLong("queuedSeq", e.queuedSeq());
    d.setString("revisionJson", e.revisionJson());
    return d;
  }

  static OutboxEntry toOutbox(Map<String, Object> d) {
    return new OutboxEntry(str(d, "recordId"), str(d, "rev"), str(d, "parentRev"),
        num(d, "queuedSeq"), str(d, "revisionJson"));
  }

  private static String str(Map<String, Object> d, String key) {
    Object v = d.get(key);
    return v == null ? null : v.toString();
  }

  private static long num(Map<String, Object> d, String key) {
    Object v = d.get(key);
    return v instanceof Number n ? n.longValue() : 0L;
  }

  private static List<String> strings(Object v) {
    List<String> out = new ArrayList<>();
    if (v instanceof List<?> list) {
      for (Object o : list) {
        out.add(String.valueOf(o));
      }
    }
    return out;
  }
}
