package org.fieldsync.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.fieldsync.protocol.Revision;

/** Conflicts: one open conflict per record at most, its sides, and how it was resolved. */
public final class ConflictRepo {
  private static final String CONFLICT_SELECT = "SELECT c.id, c.record_id, c.base_rev, c.status,"
      + " c.opened_at, c.fields, c.resolved_by, c.resolved_at, c.reason, c.resolution_rev,"
      + " r.type, r.case_id, k.locality, k.team_id,"
      + " (SELECT COUNT(*) FROM conflict_sides s WHERE s.conflict_id = c.id)"
      + " FROM conflicts c JOIN records r ON r.record_id = c.record_id"
      + " LEFT JOIN cases k ON k.id = r.case_id";

  private final Session s;

  ConflictRepo(Session s) {
    this.s = s;
  }

  /** Opens the record's conflict (with both sides) or adds a side to the open one; its id. */
  public String addSide(String recordId, String baseRev, Revision winner, Revision side,
      long seq, long now) throws SQLException {
    String conflictId;
    try (ResultSet rs = s.bind("SELECT id FROM conflicts WHERE record_id = ? AND status = 'open'",
        recordId).executeQuery()) {
      conflictId = rs.next() ? rs.getString(1) : null;
    }
    if (conflictId == null) {
      conflictId = recordId + ":" + seq;
      s.bind("INSERT INTO conflicts (id, record_id, base_rev, status, opened_seq, opened_at)"
          + " VALUES (?, ?, ?, 'open', ?, ?)", conflictId, recordId, baseRev, seq, now)
          .executeUpdate();
      if (winner != null) {
        side(conflictId, winner, receivedAt(recordId, winner.rev()));
      }
    }
    side(conflictId, side, now);
    return conflictId;
  }

  private long receivedAt(String recordId, String rev) throws SQLException {
    try (ResultSet rs = s.bind("SELECT received_at FROM revisions WHERE record_id = ?"
        + " AND rev = ?", recordId, rev).executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0L;
    }
  }

  private void side(String conflictId, Revision r, long receivedAt) throws SQLException {
    s.bind("INSERT INTO conflict_sides (conflict_id, rev, author_id, device_id, hlc, received_at)"
            + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (conflict_id, rev) DO NOTHING",
        conflictId, r.rev(), r.authorId(), r.deviceId(), r.hlc(), receivedAt).executeUpdate();
  }

  /** The record's open conflict, if any. */
  public Optional<ConflictRow> open(String recordId) throws SQLException {
    return conflictRows(s.bind(CONFLICT_SELECT + " WHERE c.record_id = ? AND c.status = 'open'",
        recordId)).stream().findFirst();
  }

  public Optional<ConflictRow> get(String id) throws SQLException {
    return conflictRows(s.bind(CONFLICT_SELECT + " WHERE c.id = ?", id)).stream().findFirst();
  }

  /** How many conflicts are open. */
  public long countOpen() throws SQLException {
    try (ResultSet rs = s.bind("SELECT COUNT(*) FROM conflicts WHERE status = 'open'")
        .executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Whether the record has ever been in a conflict. */
  /** Every conflict the record has been in, oldest first. */
  public List<ConflictRow> ofRecord(String recordId) throws SQLException {
    return conflictRows(s.bind(CONFLICT_SELECT + " WHERE c.record_id = ? ORDER BY c.opened_at,"
        + " c.id", recordId));
  }

  public boolean had(String recordId) throws SQLException {
    try (ResultSet rs = s.bind("SELECT 1 FROM conflicts WHERE record_id = ? LIMIT 1", recordId)
        .executeQuery()) {
      return rs.next();
    }
  }

  /** Conflicts matching the filter, oldest first. */
  public List<ConflictRow> list(ConflictFilter f, int limit) throws SQLException {
    StringBuilder sql = new StringBuilder(CONFLICT_SELECT).append(" WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    if (f.status() != null) {
      sql.append(" AND c.status = ?");
      args.add(f.status());
    }
    if (f.locality() != null) {
      sql.append(" AND k.locality = ?");
      args.add(f.locality());
    }
    if (f.teamId() != null) {
      sql.append(" AND k.team_id = ?");
      args.add(f.teamId());
    }
    if (f.type() != null) {
      sql.append(" AND r.type = ?");
      args.add(f.type());
    }
    if (f.openedBefore() != null) {
      sql.append(" AND c.opened_at <= ?");
      args.add(f.openedBefore());
    }
    sql.append(" ORDER BY c.opened_at, c.id LIMIT ?");
    args.add(limit);
    try (PreparedStatement p = s.once(sql.toString(), args)) {
      return conflictRows(p);
    }
  }

  private static List<ConflictRow> conflictRows(PreparedStatement p) throws SQLException {
    List<ConflictRow> out = new ArrayList<>();
    try (ResultSet rs = p.executeQuery()) {
      while (rs.next()) {
        long resolvedAt = rs.getLong(8);
        Long resolved = rs.wasNull() ? null : resolvedAt;
        String fields = rs.getString(6);
        out.add(new ConflictRow(rs.getString(1), rs.getString(2), rs.getString(3),
            rs.getString(4), rs.getLong(5), fields == null ? List.of() : Rows.strings(fields),
            rs.getString(7), resolved, rs.getString(9), rs.getString(10), rs.getString(11),
            rs.getString(12), rs.getString(13), rs.getString(14), rs.getInt(15)));
      }
    }
    return out;
  }

  /** The sides of a conflict, in HLC order, as stored revisions. */
  public List<HistoryRow> sides(String conflictId) throws SQLException {
    return Rows.historyRows(s.bind(Rows.HISTORY_SELECT
        + " JOIN conflict_sides s ON s.rev = v.rev"
        + " JOIN conflicts c ON c.id = s.conflict_id AND c.record_id = v.record_id"
        + " WHERE s.conflict_id = ? ORDER BY s.hlc, s.rev", conflictId));
  }

  public void setFields(String conflictId, List<String> fields) throws SQLException {
    s.bind("UPDATE conflicts SET fields = ? WHERE id = ?", Rows.json(fields), conflictId)
        .executeUpdate();
  }

  /** Marks an open conflict resolved; false if it was not open (another admin was first). */
  public boolean resolve(String conflictId, String by, long at, String reason,
      String resolutionRev) throws SQLException {
    return s.bind("UPDATE conflicts SET status = 'resolved', resolved_by = ?, resolved_at = ?,"
        + " reason = ?, resolution_rev = ? WHERE id = ? AND status = 'open'", by, at, reason,
        resolutionRev, conflictId).executeUpdate() == 1;
  }
}
