package org.fieldsync.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The export outbox (decision 0033). Entries are queued as a batch beside the revision that made
 * them, so a push stays two round trips. A node claims due entries for a while before it
 * delivers them; writes are serialised across nodes, so two nodes never claim one entry. Only
 * the earliest undelivered entry of a record (per sink) is ever due, so a record's revisions
 * reach each sink in order.
 */
public final class ExportRepo {
  private static final String INSERT = "INSERT INTO export_outbox (sink, record_id, rev, seq,"
      + " type, reason, status, attempts, next_at, created_at) VALUES (?, ?, ?, ?, ?, ?,"
      + " 'pending', 0, 0, ?) ON CONFLICT (sink, record_id, rev) DO NOTHING";
  private static final String COLUMNS = "SELECT sink, record_id, rev, seq, type, reason, status,"
      + " attempts, next_at, created_at, delivered_at, last_answer FROM export_outbox";

  private final Session s;
  private final Session.Pending queued = this::writeQueued;
  private int inserts;

  ExportRepo(Session s) {
    this.s = s;
  }

  /** Queues an entry; written with the session's next statement or at commit. */
  public void queue(String sink, String recordId, String rev, long seq, String type,
      String reason, long now) throws SQLException {
    PreparedStatement p = s.queue(INSERT, queued);
    p.setString(1, sink);
    p.setString(2, recordId);
    p.setString(3, rev);
    p.setLong(4, seq);
    p.setString(5, type);
    p.setString(6, reason);
    p.setLong(7, now); // due at once (next_at 0): retries are timed by the dispatcher's clock
    p.addBatch();
    inserts++;
  }

  private void writeQueued() throws SQLException {
    if (inserts > 0) {
      s.statement(INSERT).executeBatch();
      inserts = 0;
    }
  }

  /**
   * Claims up to {@code limit} due entries of {@code sink} for {@code node} until
   * {@code now + leaseMillis}: pending, due, not claimed by a live claim, and the earliest
   * undelivered entry of their record. In sequence order.
   */
  public List<ExportEntry> claim(String sink, String node, long now, long leaseMillis, int limit)
      throws SQLException {
    List<ExportEntry> due = entries(COLUMNS + " o WHERE o.sink = ? AND o.status = 'pending'"
        + " AND o.next_at <= ? AND (o.claim_until IS NULL OR o.claim_until < ?)"
        + " AND NOT EXISTS (SELECT 1 FROM export_outbox e WHERE e.sink = o.sink"
        + " AND e.record_id = o.record_id AND e.seq < o.seq AND e.status IN ('pending', 'dead'))"
        + " ORDER BY o.seq LIMIT ?", sink, now, now, limit);
    for (ExportEntry e : due) {
      s.bind("UPDATE export_outbox SET claimed_by = ?, claim_until = ? WHERE sink = ? AND"
          + " record_id = ? AND rev = ?", node, now + leaseMillis, sink, e.recordId(), e.rev())
          .executeUpdate();
    }
    return due;
  }

  /** The rev this sink was last sent of the record before {@code seq}, if any. */
  public Optional<String> supersedes(String sink, String recordId, long seq) throws SQLException {
    try (ResultSet rs = s.bind("SELECT rev FROM export_outbox WHERE sink = ? AND record_id = ?"
        + " AND seq < ? AND status = 'delivered' ORDER BY seq DESC LIMIT 1", sink, recordId, seq)
        .executeQuery()) {
      return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
    }
  }

  /** Records a delivery; false if it was no longer pending (an admin skipped it meanwhile). */
  public boolean delivered(String sink, String recordId, String rev, long now,
      String answer) throws SQLException {
    // A delivery is a fact even if this node's claim lapsed meanwhile (another node may deliver
    // it again: at least once, and the receiver dedups by the idempotency key).
    return s.bind("UPDATE export_outbox SET status = 'delivered', delivered_at = ?,"
        + " attempts = attempts + 1, last_answer = ?, claimed_by = NULL, claim_until = NULL"
        + " WHERE sink = ? AND record_id = ? AND rev = ? AND status = 'pending'", now, answer,
        sink, recordId, rev).executeUpdate() > 0;
  }

  /** Records a failed attempt: tried again at {@code nextAt}, or dead. */
  public boolean failed(String sink, String recordId, String rev, String node, long nextAt,
      String answer, boolean dead) throws SQLException {
    return s.bind("UPDATE export_outbox SET status = ?, attempts = attempts + 1, next_at = ?,"
        + " last_answer = ?, claimed_by = NULL, claim_until = NULL WHERE sink = ? AND"
        + " record_id = ? AND rev = ? AND status = 'pending' AND claimed_by = ?",
        dead ? "dead" : "pending", nextAt, answer, sink, recordId, rev, node).executeUpdate() > 0;
  }

  public Optional<ExportEntry> entry(String sink, String recordId, String rev)
      throws SQLException {
    List<ExportEntry> l = entries(COLUMNS + " WHERE sink = ? AND record_id = ? AND rev = ?",
        sink, recordId, rev);
    return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
  }

  /** Entries of a status (all when null), oldest first. */
  public List<ExportEntry> list(String status, int limit) throws SQLException {
    return status == null ? entries(COLUMNS + " ORDER BY seq, sink LIMIT ?", limit)
        : entries(COLUMNS + " WHERE status = ? ORDER BY seq, sink LIMIT ?", status, limit);
  }

  /** Count of entries per sink and status, as "sink/status". */
  public Map<String, Long> counts() throws SQLException {
    Map<String, Long> out = new LinkedHashMap<>();
    try (ResultSet rs = s.bind("SELECT sink, status, COUNT(*) FROM export_outbox GROUP BY sink,"
        + " status ORDER BY sink, status").executeQuery()) {
      while (rs.next()) {
        out.put(rs.getString(1) + "/" + rs.getString(2), rs.getLong(3));
      }
    }
    return out;
  }

  /** The oldest pending entry's creation time per sink (the delivery lag's start). */
  public Map<String, Long> oldestPending() throws SQLException {
    Map<String, Long> out = new LinkedHashMap<>();
    try (ResultSet rs = s.bind("SELECT sink, MIN(created_at) FROM export_outbox WHERE status ="
        + " 'pending' GROUP BY sink").executeQuery()) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getLong(2));
      }
    }
    return out;
  }

  /** A dead (or pending) entry is tried again now, its attempts counted afresh. */
  public boolean retry(String sink, String recordId, String rev, long now) throws SQLException {
    return s.bind("UPDATE export_outbox SET status = 'pending', attempts = 0, next_at = ?,"
        + " claimed_by = NULL, claim_until = NULL WHERE sink = ? AND record_id = ? AND rev = ?"
        + " AND status IN ('dead', 'pending')", now, sink, recordId, rev).executeUpdate() > 0;
  }

  /** A dead (or pending) entry is given up, so the record's later entries go on. */
  public boolean skip(String sink, String recordId, String rev) throws SQLException {
    return s.bind("UPDATE export_outbox SET status = 'skipped', claimed_by = NULL,"
        + " claim_until = NULL WHERE sink = ? AND record_id = ? AND rev = ? AND status IN"
        + " ('dead', 'pending')", sink, recordId, rev).executeUpdate() > 0;
  }

  /**
   * Sends again every entry of {@code sink} (all sinks when null) that reached its state at or
   * after {@code since}: delivered, dead and skipped ones become pending. Returns how many.
   */
  public int replay(String sink, long since, long now) throws SQLException {
    return sink == null
        ? s.bind("UPDATE export_outbox SET status = 'pending', attempts = 0, next_at = ?,"
            + " claimed_by = NULL, claim_until = NULL WHERE created_at >= ? AND status <>"
            + " 'pending'", now, since).executeUpdate()
        : s.bind("UPDATE export_outbox SET status = 'pending', attempts = 0, next_at = ?,"
            + " claimed_by = NULL, claim_until = NULL WHERE sink = ? AND created_at >= ? AND"
            + " status <> 'pending'", now, sink, since).executeUpdate();
  }

  private List<ExportEntry> entries(String sql, Object... args) throws SQLException {
    List<ExportEntry> out = new ArrayList<>();
    try (ResultSet rs = s.bind(sql, args).executeQuery()) {
      while (rs.next()) {
        out.add(new ExportEntry(rs.getString(1), rs.getString(2), rs.getString(3),
            rs.getLong(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getInt(8),
            rs.getLong(9), rs.getLong(10), rs.getLong(11), rs.getString(12)));
      }
    }
    return out;
  }
}
