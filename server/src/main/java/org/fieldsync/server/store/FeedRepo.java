package org.fieldsync.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The change feed: the one server sequence every accepted change takes a value of (decision
 * 0003), and the reads that page through it (record changes in scope, a case's records for a
 * back-fill, scope events) and a case's timeline.
 */
public final class FeedRepo {
  private static final String FEED_SELECT = "SELECT r.seq, r.status, " + Rows.REV_COLUMNS
      + ", v.outcome, (SELECT MAX(c.reason) FROM conflicts c WHERE c.record_id = r.record_id"
      + " AND c.resolution_rev = r.current_rev),"
      + " (SELECT MAX(c.fields) FROM conflicts c WHERE c.record_id = r.record_id"
      + " AND c.status = 'open'),"
      + " CASE WHEN EXISTS (SELECT 1 FROM record_restrictions x WHERE x.record_id = r.record_id)"
      + " AND NOT EXISTS (SELECT 1 FROM record_restriction_users ru"
      + " WHERE ru.record_id = r.record_id AND ru.user_id = ?) THEN 1 ELSE 0 END,"
      + " v.author_agency"
      + " FROM records r JOIN revisions v ON v.record_id = r.record_id AND v.rev = r.current_rev";

  private final Session s;

  FeedRepo(Session s) {
    this.s = s;
  }

  /** Reserves {@code n} consecutive sequence values and returns the first. */
  public long reserveSeqs(int n) throws SQLException {
    try (ResultSet rs = s.bind("UPDATE server_sequence SET value = value + ? WHERE id = 1"
        + " RETURNING value", n).executeQuery()) {
      rs.next();
      return rs.getLong(1) - n + 1;
    }
  }

  /**
   * Gives back the last {@code n} reserved values, from {@code first}, if nothing was reserved
   * after them: a batch whose items were refused leaves no gap.
   */
  public void releaseSeqs(long first, int n) throws SQLException {
    s.bind("UPDATE server_sequence SET value = ? WHERE id = 1 AND value = ?", first - 1,
        first + n - 1).executeUpdate();
  }

  public long currentSeq() throws SQLException {
    try (ResultSet rs = s.bind("SELECT value FROM server_sequence WHERE id = 1").executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Current records in scope changed in (afterSeq, uptoSeq], in sequence order. A record whose
   * latest change is its current revision arriving from {@code exceptDevice} is left out: that
   * device already has it. Rows restricted away from {@code viewer} are marked withheld.
   */
  public List<FeedRow> changes(Scope scope, String viewer, long afterSeq, long uptoSeq,
      int limit, String exceptDevice) throws SQLException {
    return feedRows(s.bind(FEED_SELECT + " WHERE r.seq > ? AND r.seq <= ? AND " + scope.sql()
        + " AND NOT (r.status = 'current' AND v.device_id = ? AND r.seq = v.seq)"
        + " ORDER BY r.seq LIMIT ?", viewer,
        afterSeq, uptoSeq, scope.subject(), exceptDevice == null ? "" : exceptDevice, limit));
  }

  /** A case's current records changed in (afterSeq, uptoSeq], for a back-fill. */
  public List<FeedRow> caseRecords(String caseId, String viewer, long afterSeq, long uptoSeq,
      int limit) throws SQLException {
    return feedRows(s.bind(FEED_SELECT + " WHERE r.case_id = ? AND r.seq > ? AND r.seq <= ?"
        + " ORDER BY r.seq LIMIT ?", viewer, caseId, afterSeq, uptoSeq, limit));
  }

  /** A case's current records in {@code scope}, in HLC order. */
  public List<FeedRow> timeline(String caseId, String viewer, Scope scope) throws SQLException {
    return feedRows(s.bind(FEED_SELECT + " WHERE r.case_id = ? AND " + scope.sql()
        + " ORDER BY r.hlc, r.record_id", viewer, caseId, scope.subject()));
  }

  /** The current records of one type in {@code scope}, oldest change first (a manager's lists). */
  public List<FeedRow> ofType(Scope scope, String viewer, String type, int limit)
      throws SQLException {
    return feedRows(s.bind(FEED_SELECT + " WHERE r.type = ?"
        + " AND " + scope.sql() + " ORDER BY r.seq LIMIT ?", viewer, type, scope.subject(),
        limit));
  }

  /** The ids of a case's current records in {@code scope} (a partner's back-fill filter). */
  public Set<String> visibleRecords(String caseId, Scope scope) throws SQLException {
    Set<String> out = new HashSet<>();
    try (ResultSet rs = s.bind("SELECT r.record_id FROM records r WHERE r.case_id = ? AND "
        + scope.sql(), caseId, scope.subject()).executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  public List<ScopeEvent> scopeEvents(String userId, long afterSeq, long uptoSeq, int limit)
      throws SQLException {
    List<ScopeEvent> out = new ArrayList<>();
    try (ResultSet rs = s.bind("SELECT seq, case_id, kind FROM scope_events WHERE user_id = ?"
        + " AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?", userId, afterSeq, uptoSeq, limit)
        .executeQuery()) {
      while (rs.next()) {
        out.add(new ScopeEvent(rs.getLong(1), rs.getString(2), rs.getString(3)));
      }
    }
    return out;
  }

  private static List<FeedRow> feedRows(PreparedStatement p) throws SQLException {
    List<FeedRow> out = new ArrayList<>();
    try (ResultSet rs = p.executeQuery()) {
      while (rs.next()) {
        String review = rs.getString(17);
        out.add(new FeedRow(rs.getLong(1), Rows.revisionAt(rs, 3), rs.getString(2),
            rs.getString(15), rs.getString(16),
            review == null ? List.of() : Rows.strings(review), rs.getInt(18) == 1,
            rs.getString(19)));
      }
    }
    return out;
  }
}
