package org.fieldsync.server.store;

/**
 * One export outbox entry: a revision of a record, owed to one sink.
 *
 * @param sink the sink's name
 * @param recordId record
 * @param rev revision (with the record id, the idempotency key)
 * @param seq the revision's server sequence (order per record)
 * @param type record type
 * @param reason the exportable state it reached
 * @param status pending, delivered, dead or skipped
 * @param attempts delivery attempts so far
 * @param nextAt when it may next be tried, epoch ms
 * @param createdAt when the revision reached the state, epoch ms
 * @param deliveredAt when the sink took it, epoch ms, or 0
 * @param lastAnswer the sink's last answer, nullable
 */
public record ExportEntry(String sink, String recordId, String rev, long seq, String type,
    String reason, String status, int attempts, long nextAt, long createdAt, long deliveredAt,
    String lastAnswer) {

  /** The idempotency key a sink dedups by: record id and rev. */
  public String key() {
    return recordId + ":" + rev;
  }
}
