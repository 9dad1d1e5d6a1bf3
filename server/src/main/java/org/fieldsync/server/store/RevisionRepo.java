package org.fieldsync.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fieldsync.protocol.Revision;

/**
 * Revisions (every one ever stored, append-only) and each record's current state. Inserts and
 * current-state updates are queued as batches and written before the session's next statement,
 * revisions first, so a record row always names a stored revision.
 */
public final class RevisionRepo {
  private static final String INSERT_REVISION = "INSERT INTO revisions (record_id, rev,"
      + " parent_rev, generation, type, case_id, child_ids, deleted, schema_version, author_id,"
      + " device_id, hlc, body, pushed_by, seq, received_at, outcome, other_parents, signature,"
      + " signature_proof, author_agency) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
      + " ?, ?, ?, ?,"
      // The writer's agency as it is now: every entry carries it (a server merge has none).
      + " (SELECT MAX(u.agency) FROM users u WHERE u.id = ? OR u.username = ?))";
  private static final String PUT_CURRENT = "INSERT INTO records (record_id, type, case_id,"
      + " child_ids, current_rev, seq, status, hlc, author_id, updated_at) VALUES (?, ?, ?, ?, ?,"
      + " ?, ?, ?, ?, ?) ON CONFLICT (record_id) DO UPDATE SET case_id = excluded.case_id,"
      + " child_ids = excluded.child_ids, current_rev = excluded.current_rev,"
      + " seq = excluded.seq, status = excluded.status, hlc = excluded.hlc,"
      + " author_id = excluded.author_id, updated_at = excluded.updated_at";
  private static final String RECORD_COLUMNS = "SELECT record_id, type, case_id, current_rev,"
      + " seq, status FROM records";

  private final Session s;
  private final Session.Pending queued = this::writeQueued;
  private int revisionsQueued;
  private int currentQueued;
  private final Tx tx;
  private final CurrentHook hook;
  /** How each revision queued in this transaction was stored, for the hook. */
  private final Map<String, String> outcomes = new HashMap<>();

  RevisionRepo(Session s, Tx tx, CurrentHook hook) {
    this.s = s;
    this.tx = tx;
    this.hook = hook;
  }

  /** A record's current state, if it exists. */
  public Optional<RecordRow> current(String recordId) throws SQLException {
    try (ResultSet rs = s.bind(RECORD_COLUMNS + " WHERE record_id = ?", recordId)
        .executeQuery()) {
      return rs.next() ? Optional.of(recordRow(rs)) : Optional.empty();
    }
  }

  /** Current state of each of these records that exists, by id (one query per 500 ids). */
  public Map<String, RecordRow> current(Collection<String> recordIds) throws SQLException {
    Map<String, RecordRow> out = new HashMap<>();
    for (List<String> chunk : Rows.chunks(recordIds)) {
      try (ResultSet rs = s.bind(RECORD_COLUMNS + " WHERE record_id IN ("
          + Rows.marks(chunk.size()) + ")", chunk.toArray()).executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), recordRow(rs));
        }
      }
    }
    return out;
  }

  private static RecordRow recordRow(ResultSet rs) throws SQLException {
    return new RecordRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
        rs.getLong(5), rs.getString(6));
  }

  /** The stored outcome and seq of a revision, if it was stored. */
  public Optional<StoredOutcome> storedOutcome(String recordId, String rev) throws SQLException {
    try (ResultSet rs = s.bind("SELECT outcome, seq, received_at FROM revisions"
        + " WHERE record_id = ? AND rev = ?", recordId, rev).executeQuery()) {
      return rs.next() ? Optional.of(new StoredOutcome(rs.getString(1), rs.getLong(2),
          rs.getLong(3))) : Optional.empty();
    }
  }

  /** Stored outcomes of every revision of these records, keyed {@code id + "\n" + rev}. */
  public Map<String, StoredOutcome> storedOutcomes(Collection<String> recordIds)
      throws SQLException {
    Map<String, StoredOutcome> out = new HashMap<>();
    for (List<String> chunk : Rows.chunks(recordIds)) {
      try (ResultSet rs = s.bind("SELECT record_id, rev, outcome, seq, received_at FROM"
          + " revisions WHERE record_id IN (" + Rows.marks(chunk.size()) + ")", chunk.toArray())
          .executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1) + "\n" + rs.getString(2),
              new StoredOutcome(rs.getString(3), rs.getLong(4), rs.getLong(5)));
        }
      }
    }
    return out;
  }

  public Optional<Revision> revision(String recordId, String rev) throws SQLException {
    try (ResultSet rs = s.bind("SELECT " + Rows.REV_COLUMNS + " FROM revisions v"
        + " WHERE v.record_id = ? AND v.rev = ?", recordId, rev).executeQuery()) {
      return rs.next() ? Optional.of(Rows.revisionAt(rs, 1)) : Optional.empty();
    }
  }

  /**
   * The device's signature kept with a stored revision, and its Merkle proof when the push was
   * signed once (decision 0037): enough to check that revision alone with the device's key.
   * Empty for a revision no device signed (a server merge or resolution).
   */
  public Optional<DeviceSignature> deviceSignature(String recordId, String rev)
      throws SQLException {
    try (ResultSet rs = s.bind("SELECT signature, signature_proof FROM revisions"
        + " WHERE record_id = ? AND rev = ?", recordId, rev).executeQuery()) {
      if (!rs.next() || rs.getString(1) == null) {
        return Optional.empty();
      }
      String proof = rs.getString(2);
      return Optional.of(new DeviceSignature(rs.getString(1),
          proof == null ? null : Rows.strings(proof)));
    }
  }

  /**
   * A device's signature of a stored revision.
   *
   * @param signature base64url Ed25519: of the revision alone, or of its push's Merkle root
   * @param proof the revision's path to that root; null when the signature covers it alone
   */
  public record DeviceSignature(String signature, List<String> proof) {}

  /** Queues a revision insert; written before the session's next statement. */
  public void insertRevision(Revision r, String pushedBy, long seq, String outcome, long now)
      throws SQLException {
    insert(r, pushedBy, seq, outcome, now, List.of(), null, null);
  }

  /** Queues a revision with further parents (a merge or a resolution). */
  public void insertRevision(Revision r, String pushedBy, long seq, String outcome, long now,
      List<String> otherParents) throws SQLException {
    insert(r, pushedBy, seq, outcome, now, otherParents, null, null);
  }

  /**
   * Queues a revision a device pushed, with the device's signature: of the revision alone
   * ({@code proof} null), or of its push's Merkle root, with the revision's proof (decision 0037).
   */
  public void insertSignedRevision(Revision r, String pushedBy, long seq, String outcome,
      long now, String signature, List<String> proof) throws SQLException {
    insert(r, pushedBy, seq, outcome, now, List.of(), signature, proof);
  }

  /**
   * As {@link #insertSignedRevision(Revision, String, long, String, long, String, List)}, with
   * further parents: the device's own earlier revision this one replaced (see {@code
   * Reconcile.standsOn}).
   */
  public void insertSignedRevision(Revision r, String pushedBy, long seq, String outcome,
      long now, String signature, List<String> proof, List<String> otherParents)
      throws SQLException {
    insert(r, pushedBy, seq, outcome, now, otherParents, signature, proof);
  }

  private void insert(Revision r, String pushedBy, long seq, String outcome, long now,
      List<String> otherParents, String signature, List<String> proof) throws SQLException {
    PreparedStatement p = s.queue(INSERT_REVISION, queued);
    p.setString(1, r.id());
    p.setString(2, r.rev());
    p.setString(3, r.parentRev());
    p.setInt(4, r.generation());
    p.setString(5, r.type());
    p.setString(6, r.caseId());
    p.setString(7, Rows.json(r.childIds()));
    p.setInt(8, r.deleted() ? 1 : 0);
    p.setInt(9, r.schemaVersion());
    p.setString(10, r.authorId());
    p.setString(11, r.deviceId());
    p.setString(12, r.hlc());
    p.setString(13, r.body());
    p.setString(14, pushedBy);
    p.setLong(15, seq);
    p.setLong(16, now);
    p.setString(17, outcome);
    p.setString(18, otherParents.isEmpty() ? null : Rows.json(otherParents));
    p.setString(19, signature);
    p.setString(20, proof == null ? null : Rows.json(proof));
    p.setString(21, r.authorId());
    p.setString(22, r.authorId());
    p.addBatch();
    revisionsQueued++;
    outcomes.put(r.id() + "\n" + r.rev(), outcome);
  }

  /** Queues making {@code r} the record's current revision. */
  public void putCurrent(Revision r, long seq, String status, long now) throws SQLException {
    PreparedStatement p = s.queue(PUT_CURRENT, queued);
    p.setString(1, r.id());
    p.setString(2, r.type());
    p.setString(3, r.caseId());
    p.setString(4, Rows.json(r.childIds()));
    p.setString(5, r.rev());
    p.setLong(6, seq);
    p.setString(7, status);
    p.setString(8, r.hlc());
    p.setString(9, r.authorId());
    p.setLong(10, now);
    p.addBatch();
    currentQueued++;
    if (CURRENT.equals(status)) {
      hook.current(tx, r, outcomes.getOrDefault(r.id() + "\n" + r.rev(), "accepted"), seq,
          now);
    }
  }

  private static final String CURRENT = "current";

  /** Revisions first: a record row always names a stored revision. */
  private void writeQueued() throws SQLException {
    if (revisionsQueued > 0) {
      s.statement(INSERT_REVISION).executeBatch();
      revisionsQueued = 0;
    }
    if (currentQueued > 0) {
      s.statement(PUT_CURRENT).executeBatch();
      currentQueued = 0;
    }
  }

  public void markConflicted(String recordId, long seq, long now) throws SQLException {
    s.bind("UPDATE records SET status = 'conflicted', seq = ?, updated_at = ? WHERE record_id = ?",
        seq, now, recordId).executeUpdate();
  }

  /** Moves a record to a new feed position without a new revision (its visibility changed). */
  public void touch(String recordId, long seq, long now) throws SQLException {
    s.bind("UPDATE records SET seq = ?, updated_at = ? WHERE record_id = ?", seq, now, recordId)
        .executeUpdate();
  }

  public int revisionCount(String recordId) throws SQLException {
    try (ResultSet rs = s.bind("SELECT COUNT(*) FROM revisions WHERE record_id = ?", recordId)
        .executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /** Every stored revision of a record, in the order the server stored them. */
  public List<HistoryRow> history(String recordId) throws SQLException {
    return Rows.historyRows(s.bind(Rows.HISTORY_SELECT
        + " WHERE v.record_id = ? ORDER BY v.seq, v.rev", recordId));
  }

  /**
   * Checks stored revisions against their revs, at most {@code limit} of them in key order after
   * ({@code afterRecordId}, {@code afterRev}); empty strings start from the beginning.
   */
  public ScanPage scan(String afterRecordId, String afterRev, int limit) throws SQLException {
    List<String> damaged = new ArrayList<>();
    int n = 0;
    String lastId = null;
    String lastRev = null;
    try (ResultSet rs = s.bind("SELECT " + Rows.REV_COLUMNS + " FROM revisions v WHERE"
        + " v.record_id > ? OR (v.record_id = ? AND v.rev > ?) ORDER BY v.record_id, v.rev"
        + " LIMIT ?", afterRecordId, afterRecordId, afterRev, limit).executeQuery()) {
      while (rs.next()) {
        n++;
        lastId = rs.getString(1);
        lastRev = rs.getString(5);
        try {
          Rows.revisionAt(rs, 1);
        } catch (CorruptStoreException | SQLException e) {
          damaged.add("revision " + lastRev + " of record " + lastId);
        }
      }
    }
    return new ScanPage(n, damaged, lastId, lastRev);
  }
}
