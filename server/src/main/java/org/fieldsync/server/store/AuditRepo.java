package org.fieldsync.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The audit trail's rows, kept exactly as given: positions and hashes are made by the audit
 * chain ({@code audit.AuditChain.append}), which reads the head here.
 */
public final class AuditRepo {
  private static final String COLUMNS = "SELECT seq, at, actor, roles, device, action, target,"
      + " detail, prev_hash, hash FROM audit_log";

  private final Session s;

  AuditRepo(Session s) {
    this.s = s;
  }

  /** The last entry of the audit trail, if any: the head the next entries chain onto. */
  public Optional<AuditEntry> last() throws SQLException {
    try (ResultSet rs = s.bind(COLUMNS + " ORDER BY seq DESC LIMIT 1").executeQuery()) {
      return rs.next() ? Optional.of(entry(rs)) : Optional.empty();
    }
  }

  /** Stores audit entries exactly as given. */
  public void insert(List<AuditEntry> entries) throws SQLException {
    if (entries.isEmpty()) {
      return;
    }
    PreparedStatement p = s.statement("INSERT INTO audit_log (seq, at, actor, roles, device,"
        + " action, target, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (AuditEntry e : entries) {
      p.setLong(1, e.seq());
      p.setLong(2, e.at());
      p.setString(3, e.actor());
      p.setString(4, e.roles());
      p.setString(5, e.device());
      p.setString(6, e.action());
      p.setString(7, e.target());
      p.setString(8, e.detail());
      p.setString(9, e.prevHash());
      p.setString(10, e.hash());
      p.addBatch();
    }
    p.executeBatch();
  }

  /** Entries after {@code afterSeq}, in order. */
  public List<AuditEntry> entries(long afterSeq, int limit) throws SQLException {
    List<AuditEntry> out = new ArrayList<>();
    try (ResultSet rs = s.bind(COLUMNS + " WHERE seq > ? ORDER BY seq LIMIT ?", afterSeq, limit)
        .executeQuery()) {
      while (rs.next()) {
        out.add(entry(rs));
      }
    }
    return out;
  }

  private static AuditEntry entry(ResultSet rs) throws SQLException {
    return new AuditEntry(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
        rs.getString(10));
  }
}
