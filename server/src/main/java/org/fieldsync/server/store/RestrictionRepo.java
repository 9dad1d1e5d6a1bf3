package org.fieldsync.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;

/** Records of sensitive categories restricted to named workers (decision 0014). */
public final class RestrictionRepo {
  private final Session s;

  RestrictionRepo(Session s) {
    this.s = s;
  }

  /** Whether the user may see the record: it is not restricted, or they are named. */
  public boolean visibleTo(String recordId, String userId) throws SQLException {
    try (ResultSet rs = s.bind("SELECT CASE WHEN EXISTS (SELECT 1 FROM record_restrictions x"
        + " WHERE x.record_id = ?) AND NOT EXISTS (SELECT 1 FROM record_restriction_users u"
        + " WHERE u.record_id = ? AND u.user_id = ?) THEN 0 ELSE 1 END", recordId, recordId,
        userId).executeQuery()) {
      rs.next();
      return rs.getInt(1) == 1;
    }
  }

  /** Restricts a record to named users (replacing any earlier restriction). */
  public void restrict(String recordId, String category, List<String> users, String by, long at)
      throws SQLException {
    s.bind("DELETE FROM record_restriction_users WHERE record_id = ?", recordId).executeUpdate();
    s.bind("INSERT INTO record_restrictions (record_id, category, set_by, set_at) VALUES (?, ?,"
        + " ?, ?) ON CONFLICT (record_id) DO UPDATE SET category = excluded.category,"
        + " set_by = excluded.set_by, set_at = excluded.set_at", recordId, category, by, at)
        .executeUpdate();
    for (String u : new LinkedHashSet<>(users)) {
      s.bind("INSERT INTO record_restriction_users (record_id, user_id) VALUES (?, ?)", recordId,
          u).executeUpdate();
    }
  }

  /** Lifts a restriction; false if there was none. */
  public boolean unrestrict(String recordId) throws SQLException {
    s.bind("DELETE FROM record_restriction_users WHERE record_id = ?", recordId).executeUpdate();
    return s.bind("DELETE FROM record_restrictions WHERE record_id = ?", recordId)
        .executeUpdate() > 0;
  }
}
