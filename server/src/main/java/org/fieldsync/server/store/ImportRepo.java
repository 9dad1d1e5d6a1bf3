package org.fieldsync.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the case import keeps: the version and digest of each item it applied (so an older or
 * repeated item changes nothing), and the case fields only the case management system sets
 * (statutory status, closed).
 */
public final class ImportRepo {
  private final Session s;

  ImportRepo(Session s) {
    this.s = s;
  }

  /** The applied version and digest of an item, if it was ever applied. */
  public Optional<Applied> applied(String key) throws SQLException {
    try (ResultSet rs = s.bind("SELECT version, digest FROM import_versions WHERE item_key = ?",
        key).executeQuery()) {
      return rs.next() ? Optional.of(new Applied(rs.getLong(1), rs.getString(2)))
          : Optional.empty();
    }
  }

  public void putApplied(String key, long version, String digest, long now) throws SQLException {
    s.bind("INSERT INTO import_versions (item_key, version, digest, applied_at) VALUES (?, ?, ?,"
        + " ?) ON CONFLICT (item_key) DO UPDATE SET version = excluded.version,"
        + " digest = excluded.digest, applied_at = excluded.applied_at", key, version, digest,
        now).executeUpdate();
  }

  /** A case as the case management system holds it; inserted or brought up to date. */
  public void putCase(String id, String teamId, String locality, String label, String status,
      boolean closed) throws SQLException {
    s.bind("INSERT INTO cases (id, team_id, locality, label, status, closed) VALUES (?, ?, ?,"
        + " ?, ?, ?) ON CONFLICT (id) DO UPDATE SET team_id = excluded.team_id,"
        + " locality = excluded.locality, label = excluded.label, status = excluded.status,"
        + " closed = excluded.closed", id, teamId, locality, label, status, closed ? 1 : 0)
        .executeUpdate();
  }

  public void putChild(String caseId, String childId, String initials, String status)
      throws SQLException {
    s.bind("INSERT INTO case_children (case_id, child_id, initials, status) VALUES (?, ?, ?, ?)"
        + " ON CONFLICT (case_id, child_id) DO UPDATE SET initials = excluded.initials,"
        + " status = excluded.status", caseId, childId, initials, status).executeUpdate();
  }

  /** Whether the case exists. */
  public boolean caseExists(String caseId) throws SQLException {
    try (ResultSet rs = s.bind("SELECT 1 FROM cases WHERE id = ?", caseId).executeQuery()) {
      return rs.next();
    }
  }

  /** The initials of a child of a case, if the child is on it. */
  public Optional<String> childInitials(String caseId, String childId) throws SQLException {
    try (ResultSet rs = s.bind("SELECT initials FROM case_children WHERE case_id = ? AND"
        + " child_id = ?", caseId, childId).executeQuery()) {
      return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
    }
  }

  /** A case's fields as stored (team, locality, label, status, closed), if it exists. */
  public Optional<Map<String, Object>> caseFields(String caseId) throws SQLException {
    try (ResultSet rs = s.bind("SELECT team_id, locality, label, status, closed FROM cases"
        + " WHERE id = ?", caseId).executeQuery()) {
      if (!rs.next()) {
        return Optional.empty();
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("team", rs.getString(1));
      m.put("locality", rs.getString(2));
      m.put("label", rs.getString(3));
      m.put("status", rs.getString(4));
      m.put("closed", rs.getInt(5) == 1);
      return Optional.of(m);
    }
  }

  /** A case's children as stored: id to "initials/status". */
  public Map<String, String> children(String caseId) throws SQLException {
    Map<String, String> out = new TreeMap<>();
    try (ResultSet rs = s.bind("SELECT child_id, initials, status FROM case_children WHERE"
        + " case_id = ?", caseId).executeQuery()) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getString(2) + "/" + rs.getString(3));
      }
    }
    return out;
  }

  /** A team's name and locality, if it exists. */
  public Optional<String[]> team(String id) throws SQLException {
    try (ResultSet rs = s.bind("SELECT name, locality FROM teams WHERE id = ?", id)
        .executeQuery()) {
      return rs.next() ? Optional.of(new String[] {rs.getString(1), rs.getString(2)})
          : Optional.empty();
    }
  }

  /**
   * An item's applied state.
   *
   * @param version the version applied
   * @param digest SHA-256 of the item as applied
   */
  public record Applied(long version, String digest) {}
}
