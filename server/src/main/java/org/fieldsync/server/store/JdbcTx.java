package org.fieldsync.server.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.fieldsync.protocol.Digests;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.Revisions;
import org.fieldsync.protocol.wire.Caseload;

/**
 * {@link Tx} in plain JDBC with SQL that SQLite and PostgreSQL both accept. Prepared statements
 * are cached for the transaction's life, so a 1,000-item push parses each statement once.
 */
final class JdbcTx implements Tx, AutoCloseable {
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  private static final String REV_COLUMNS = "v.record_id, v.type, v.case_id, v.child_ids, v.rev,"
      + " v.parent_rev, v.deleted, v.schema_version, v.author_id, v.device_id, v.hlc, v.body";

  private static final String INSERT_REVISION = "INSERT INTO revisions (record_id, rev,"
      + " parent_rev, generation, type, case_id, child_ids, deleted, schema_version, author_id,"
      + " device_id, hlc, body, pushed_by, seq, received_at, outcome, other_parents, signature)"
      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String PUT_CURRENT = "INSERT INTO records (record_id, type, case_id,"
      + " child_ids, current_rev, seq, status, hlc, author_id, updated_at) VALUES (?, ?, ?, ?, ?,"
      + " ?, ?, ?, ?, ?) ON CONFLICT (record_id) DO UPDATE SET case_id = excluded.case_id,"
      + " child_ids = excluded.child_ids, current_rev = excluded.current_rev,"
      + " seq = excluded.seq, status = excluded.status, hlc = excluded.hlc,"
      + " author_id = excluded.author_id, updated_at = excluded.updated_at";
  private static final int IN_CHUNK = 500;

  private final Connection c;
  private final Map<String, PreparedStatement> cache = new HashMap<>();
  private int queued;

  JdbcTx(Connection c) {
    this.c = c;
  }

  private PreparedStatement ps(String sql) throws SQLException {
    PreparedStatement p = cache.get(sql);
    if (p == null) {
      p = c.prepareStatement(sql);
      cache.put(sql, p);
    }
    return p;
  }

  private PreparedStatement bind(String sql, Object... args) throws SQLException {
    PreparedStatement p = ps(sql);
    for (int i = 0; i < args.length; i++) {
      p.setObject(i + 1, args[i]);
    }
    return p;
  }

  @Override
  public Optional<UserRow> userByUsername(String username) throws SQLException {
    return user("SELECT * FROM users WHERE username = ?", username);
  }

  @Override
  public Optional<UserRow> userById(String id) throws SQLException {
    return user("SELECT * FROM users WHERE id = ?", id);
  }

  private Optional<UserRow> user(String sql, String arg) throws SQLException {
    try (ResultSet rs = bind(sql, arg).executeQuery()) {
      if (!rs.next()) {
        return Optional.empty();
      }
      return Optional.of(new UserRow(rs.getString("id"), rs.getString("username"),
          rs.getString("display_name"), rs.getString("password_hash"),
          Arrays.asList(rs.getString("roles").split(",")), rs.getString("team_id"),
          rs.getString("agency")));
    }
  }

  @Override
  public void upsertTeam(String id, String name, String locality) throws SQLException {
    bind("INSERT INTO teams (id, name, locality) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE"
        + " SET name = excluded.name, locality = excluded.locality", id, name, locality)
        .executeUpdate();
  }

  @Override
  public void upsertUser(UserRow u) throws SQLException {
    bind("INSERT INTO users (id, username, display_name, password_hash, roles, team_id, agency)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
        u.id(), u.username(), u.displayName(), u.passwordHash(), String.join(",", u.roles()),
        u.teamId(), u.agency()).executeUpdate();
  }

  @Override
  public boolean upsertCase(String id, String teamId, String locality, String label)
      throws SQLException {
    return bind("INSERT INTO cases (id, team_id, locality, label) VALUES (?, ?, ?, ?)"
        + " ON CONFLICT (id) DO NOTHING", id, teamId, locality, label).executeUpdate() > 0;
  }

  @Override
  public void upsertChild(String caseId, String childId, String initials) throws SQLException {
    bind("INSERT INTO case_children (case_id, child_id, initials) VALUES (?, ?, ?)"
        + " ON CONFLICT (case_id, child_id) DO NOTHING", caseId, childId, initials)
        .executeUpdate();
  }

  @Override
  public Optional<String> caseTeam(String caseId) throws SQLException {
    try (ResultSet rs = bind("SELECT team_id FROM cases WHERE id = ?", caseId).executeQuery()) {
      return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
    }
  }

  @Override
  public Map<String, Set<String>> caseChildren(Collection<String> caseIds) throws SQLException {
    Map<String, Set<String>> out = new HashMap<>();
    for (String caseId : new LinkedHashSet<>(caseIds)) {
      Set<String> children = new HashSet<>();
      try (ResultSet rs = bind("SELECT child_id FROM case_children WHERE case_id = ?", caseId)
          .executeQuery()) {
        while (rs.next()) {
          children.add(rs.getString(1));
        }
      }
      out.put(caseId, children);
    }
    return out;
  }

  @Override
  public boolean caseInScope(Scope scope, String caseId) throws SQLException {
    String sql = "SELECT 1 FROM (SELECT CAST(? AS TEXT) AS case_id,"
        + " CAST(NULL AS TEXT) AS author_id) r WHERE " + scope.sql();
    try (ResultSet rs = bind(sql, caseId, scope.subject()).executeQuery()) {
      return rs.next();
    }
  }

  @Override
  public Set<String> usersHolding(Collection<String> caseIds) throws SQLException {
    Set<String> out = new HashSet<>();
    for (String caseId : new LinkedHashSet<>(caseIds)) {
      try (ResultSet rs = bind("SELECT user_id FROM allocations WHERE case_id = ? AND active = 1"
          + " UNION SELECT u.id FROM users u JOIN cases c ON c.team_id = u.team_id"
          + " WHERE c.id = ? AND u.roles LIKE '%team_manager%'", caseId, caseId).executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  @Override
  public boolean setAllocation(String caseId, String userId, boolean active, long seq)
      throws SQLException {
    if (allocated(caseId, userId) == active) {
      return false;
    }
    bind("INSERT INTO allocations (case_id, user_id, active, changed_seq) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT (case_id, user_id) DO UPDATE SET active = excluded.active,"
            + " changed_seq = excluded.changed_seq", caseId, userId, active ? 1 : 0, seq)
        .executeUpdate();
    bind("INSERT INTO scope_events (seq, case_id, user_id, kind, at) VALUES (?, ?, ?, ?, ?)",
        seq, caseId, userId, active ? "allocated" : "deallocated", System.currentTimeMillis())
        .executeUpdate();
    return true;
  }

  @Override
  public boolean allocated(String caseId, String userId) throws SQLException {
    try (ResultSet rs = bind("SELECT 1 FROM allocations WHERE case_id = ? AND user_id = ?"
        + " AND active = 1", caseId, userId).executeQuery()) {
      return rs.next();
    }
  }

  @Override
  public long reserveSeqs(int n) throws SQLException {
    try (ResultSet rs = bind("UPDATE server_sequence SET value = value + ? WHERE id = 1"
        + " RETURNING value", n).executeQuery()) {
      rs.next();
      return rs.getLong(1) - n + 1;
    }
  }

  @Override
  public void releaseSeqs(long first, int n) throws SQLException {
    bind("UPDATE server_sequence SET value = ? WHERE id = 1 AND value = ?", first - 1,
        first + n - 1).executeUpdate();
  }

  @Override
  public long currentSeq() throws SQLException {
    try (ResultSet rs = bind("SELECT value FROM server_sequence WHERE id = 1").executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Override
  public Optional<RecordRow> record(String recordId) throws SQLException {
    try (ResultSet rs = bind("SELECT record_id, type, case_id, current_rev, seq, status"
        + " FROM records WHERE record_id = ?", recordId).executeQuery()) {
      return rs.next()
          ? Optional.of(new RecordRow(rs.getString(1), rs.getString(2), rs.getString(3),
              rs.getString(4), rs.getLong(5), rs.getString(6)))
          : Optional.empty();
    }
  }

  @Override
  public Optional<StoredOutcome> storedOutcome(String recordId, String rev) throws SQLException {
    try (ResultSet rs = bind("SELECT outcome, seq, received_at FROM revisions WHERE record_id = ?"
        + " AND rev = ?", recordId, rev).executeQuery()) {
      return rs.next() ? Optional.of(new StoredOutcome(rs.getString(1), rs.getLong(2),
          rs.getLong(3)))
          : Optional.empty();
    }
  }

  @Override
  public Optional<Revision> revision(String recordId, String rev) throws SQLException {
    try (ResultSet rs = bind("SELECT " + REV_COLUMNS + " FROM revisions v"
        + " WHERE v.record_id = ? AND v.rev = ?", recordId, rev).executeQuery()) {
      return rs.next() ? Optional.of(revisionAt(rs, 1)) : Optional.empty();
    }
  }

  @Override
  public Map<String, RecordRow> records(Collection<String> recordIds) throws SQLException {
    Map<String, RecordRow> out = new HashMap<>();
    for (List<String> chunk : chunks(recordIds)) {
      try (ResultSet rs = bind("SELECT record_id, type, case_id, current_rev, seq, status FROM"
          + " records WHERE record_id IN (" + marks(chunk.size()) + ")", chunk.toArray())
          .executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), new RecordRow(rs.getString(1), rs.getString(2),
              rs.getString(3), rs.getString(4), rs.getLong(5), rs.getString(6)));
        }
      }
    }
    return out;
  }

  @Override
  public Map<String, StoredOutcome> storedOutcomes(Collection<String> recordIds)
      throws SQLException {
    Map<String, StoredOutcome> out = new HashMap<>();
    for (List<String> chunk : chunks(recordIds)) {
      try (ResultSet rs = bind("SELECT record_id, rev, outcome, seq, received_at FROM revisions"
          + " WHERE record_id IN (" + marks(chunk.size()) + ")", chunk.toArray())
          .executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1) + "\n" + rs.getString(2),
              new StoredOutcome(rs.getString(3), rs.getLong(4), rs.getLong(5)));
        }
      }
    }
    return out;
  }

  private static List<List<String>> chunks(Collection<String> ids) {
    List<String> all = new ArrayList<>(new LinkedHashSet<>(ids));
    List<List<String>> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i += IN_CHUNK) {
      out.add(all.subList(i, Math.min(all.size(), i + IN_CHUNK)));
    }
    return out;
  }

  private static String marks(int n) {
    return String.join(", ", Collections.nCopies(n, "?"));
  }

  @Override
  public void insertRevision(Revision r, String pushedBy, long seq, String outcome, long now)
      throws SQLException {
    insertRevision(r, pushedBy, seq, outcome, now, List.of());
  }

  @Override
  public void insertSignedRevision(Revision r, String pushedBy, long seq, String outcome,
      long now, String signature) throws SQLException {
    insert(r, pushedBy, seq, outcome, now, List.of(), signature);
  }

  @Override
  public void insertRevision(Revision r, String pushedBy, long seq, String outcome, long now,
      List<String> otherParents) throws SQLException {
    insert(r, pushedBy, seq, outcome, now, otherParents, null);
  }

  private void insert(Revision r, String pushedBy, long seq, String outcome, long now,
      List<String> otherParents, String signature) throws SQLException {
    PreparedStatement p = ps(INSERT_REVISION);
    p.setString(1, r.id());
    p.setString(2, r.rev());
    p.setString(3, r.parentRev());
    p.setInt(4, r.generation());
    p.setString(5, r.type());
    p.setString(6, r.caseId());
    p.setString(7, json(r.childIds()));
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
    p.setString(18, otherParents.isEmpty() ? null : json(otherParents));
    p.setString(19, signature);
    p.addBatch();
    queued++;
  }

  @Override
  public void putCurrent(Revision r, long seq, String status, long now) throws SQLException {
    PreparedStatement p = ps(PUT_CURRENT);
    p.setString(1, r.id());
    p.setString(2, r.type());
    p.setString(3, r.caseId());
    p.setString(4, json(r.childIds()));
    p.setString(5, r.rev());
    p.setLong(6, seq);
    p.setString(7, status);
    p.setString(8, r.hlc());
    p.setString(9, r.authorId());
    p.setLong(10, now);
    p.addBatch();
    queued++;
  }

  @Override
  public void flush() throws SQLException {
    if (queued == 0) {
      return;
    }
    // Revisions first: a record row always names a stored revision.
    ps(INSERT_REVISION).executeBatch();
    ps(PUT_CURRENT).executeBatch();
    queued = 0;
  }

  @Override
  public void markConflicted(String recordId, long seq, long now) throws SQLException {
    bind("UPDATE records SET status = 'conflicted', seq = ?, updated_at = ? WHERE record_id = ?",
        seq, now, recordId).executeUpdate();
  }

  @Override
  public String addConflictSide(String recordId, String baseRev, Revision winner, Revision side,
      long seq, long now) throws SQLException {
    String conflictId;
    try (ResultSet rs = bind("SELECT id FROM conflicts WHERE record_id = ? AND status = 'open'",
        recordId).executeQuery()) {
      conflictId = rs.next() ? rs.getString(1) : null;
    }
    if (conflictId == null) {
      conflictId = recordId + ":" + seq;
      bind("INSERT INTO conflicts (id, record_id, base_rev, status, opened_seq, opened_at)"
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
    try (ResultSet rs = bind("SELECT received_at FROM revisions WHERE record_id = ? AND rev = ?",
        recordId, rev).executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0L;
    }
  }

  private void side(String conflictId, Revision r, long receivedAt) throws SQLException {
    bind("INSERT INTO conflict_sides (conflict_id, rev, author_id, device_id, hlc, received_at)"
            + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (conflict_id, rev) DO NOTHING",
        conflictId, r.rev(), r.authorId(), r.deviceId(), r.hlc(), receivedAt).executeUpdate();
  }

  private static final String CONFLICT_SELECT = "SELECT c.id, c.record_id, c.base_rev, c.status,"
      + " c.opened_at, c.fields, c.resolved_by, c.resolved_at, c.reason, c.resolution_rev,"
      + " r.type, r.case_id, k.locality, k.team_id,"
      + " (SELECT COUNT(*) FROM conflict_sides s WHERE s.conflict_id = c.id)"
      + " FROM conflicts c JOIN records r ON r.record_id = c.record_id"
      + " LEFT JOIN cases k ON k.id = r.case_id";

  @Override
  public Optional<ConflictRow> openConflict(String recordId) throws SQLException {
    List<ConflictRow> rows = conflictRows(bind(CONFLICT_SELECT
        + " WHERE c.record_id = ? AND c.status = 'open'", recordId));
    return rows.stream().findFirst();
  }

  @Override
  public boolean visibleTo(String recordId, String userId) throws SQLException {
    try (ResultSet rs = bind("SELECT CASE WHEN EXISTS (SELECT 1 FROM record_restrictions x"
        + " WHERE x.record_id = ?) AND NOT EXISTS (SELECT 1 FROM record_restriction_users u"
        + " WHERE u.record_id = ? AND u.user_id = ?) THEN 0 ELSE 1 END", recordId, recordId,
        userId).executeQuery()) {
      rs.next();
      return rs.getInt(1) == 1;
    }
  }

  @Override
  public void restrict(String recordId, String category, List<String> users, String by, long at)
      throws SQLException {
    bind("DELETE FROM record_restriction_users WHERE record_id = ?", recordId).executeUpdate();
    bind("INSERT INTO record_restrictions (record_id, category, set_by, set_at) VALUES (?, ?, ?,"
        + " ?) ON CONFLICT (record_id) DO UPDATE SET category = excluded.category,"
        + " set_by = excluded.set_by, set_at = excluded.set_at", recordId, category, by, at)
        .executeUpdate();
    for (String u : new LinkedHashSet<>(users)) {
      bind("INSERT INTO record_restriction_users (record_id, user_id) VALUES (?, ?)", recordId,
          u).executeUpdate();
    }
  }

  @Override
  public boolean unrestrict(String recordId) throws SQLException {
    bind("DELETE FROM record_restriction_users WHERE record_id = ?", recordId).executeUpdate();
    return bind("DELETE FROM record_restrictions WHERE record_id = ?", recordId)
        .executeUpdate() > 0;
  }

  @Override
  public void touch(String recordId, long seq, long now) throws SQLException {
    bind("UPDATE records SET seq = ?, updated_at = ? WHERE record_id = ?", seq, now, recordId)
        .executeUpdate();
  }

  @Override
  public boolean hadConflict(String recordId) throws SQLException {
    try (ResultSet rs = bind("SELECT 1 FROM conflicts WHERE record_id = ? LIMIT 1", recordId)
        .executeQuery()) {
      return rs.next();
    }
  }

  @Override
  public Optional<ConflictRow> conflict(String id) throws SQLException {
    return conflictRows(bind(CONFLICT_SELECT + " WHERE c.id = ?", id)).stream().findFirst();
  }

  @Override
  public List<ConflictRow> conflicts(ConflictFilter f, int limit) throws SQLException {
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
    // Filters vary, so this statement is not cached: prepare, run, close.
    try (PreparedStatement p = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < args.size(); i++) {
        p.setObject(i + 1, args.get(i));
      }
      return conflictRows(p);
    }
  }

  private List<ConflictRow> conflictRows(PreparedStatement p) throws SQLException {
    List<ConflictRow> out = new ArrayList<>();
    try (ResultSet rs = p.executeQuery()) {
      while (rs.next()) {
        long resolvedAt = rs.getLong(8);
        Long resolved = rs.wasNull() ? null : resolvedAt;
        String fields = rs.getString(6);
        out.add(new ConflictRow(rs.getString(1), rs.getString(2), rs.getString(3),
            rs.getString(4), rs.getLong(5), fields == null ? List.of() : strings(fields),
            rs.getString(7), resolved, rs.getString(9), rs.getString(10), rs.getString(11),
            rs.getString(12), rs.getString(13), rs.getString(14), rs.getInt(15)));
      }
    }
    return out;
  }

  @Override
  public List<HistoryRow> conflictSides(String conflictId) throws SQLException {
    return historyRows(bind(HISTORY_SELECT + " JOIN conflict_sides s ON s.rev = v.rev"
        + " JOIN conflicts c ON c.id = s.conflict_id AND c.record_id = v.record_id"
        + " WHERE s.conflict_id = ? ORDER BY s.hlc, s.rev", conflictId));
  }

  @Override
  public void setConflictFields(String conflictId, List<String> fields) throws SQLException {
    bind("UPDATE conflicts SET fields = ? WHERE id = ?", json(fields), conflictId)
        .executeUpdate();
  }

  @Override
  public boolean resolveConflict(String conflictId, String by, long at, String reason,
      String resolutionRev) throws SQLException {
    return bind("UPDATE conflicts SET status = 'resolved', resolved_by = ?, resolved_at = ?,"
        + " reason = ?, resolution_rev = ? WHERE id = ? AND status = 'open'", by, at, reason,
        resolutionRev, conflictId).executeUpdate() == 1;
  }

  private static final String HISTORY_SELECT = "SELECT " + REV_COLUMNS
      + ", v.other_parents, v.seq, v.received_at, v.outcome, v.pushed_by FROM revisions v";

  @Override
  public List<HistoryRow> history(String recordId) throws SQLException {
    return historyRows(bind(HISTORY_SELECT + " WHERE v.record_id = ? ORDER BY v.seq, v.rev",
        recordId));
  }

  private List<HistoryRow> historyRows(PreparedStatement p) throws SQLException {
    List<HistoryRow> out = new ArrayList<>();
    try (ResultSet rs = p.executeQuery()) {
      while (rs.next()) {
        String others = rs.getString(13);
        out.add(new HistoryRow(revisionAt(rs, 1), others == null ? List.of() : strings(others),
            rs.getLong(14), rs.getLong(15), rs.getString(16), rs.getString(17)));
      }
    }
    return out;
  }

  @Override
  public void deviceSeen(DeviceRow d) throws SQLException {
    bind("INSERT INTO devices (device_id, user_id, app_version, last_seen_at, pending,"
            + " needs_attention) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (device_id) DO UPDATE SET"
            + " user_id = excluded.user_id,"
            + " app_version = COALESCE(excluded.app_version, devices.app_version),"
            + " last_seen_at = excluded.last_seen_at,"
            + " pending = COALESCE(excluded.pending, devices.pending),"
            + " needs_attention = COALESCE(excluded.needs_attention, devices.needs_attention)",
        d.deviceId(), d.userId(), d.appVersion(), d.lastSeenAt(), d.pending(),
        d.needsAttention()).executeUpdate();
  }

  @Override
  public void addEnrolmentCode(String codeHash, String userId, String issuedBy, long at,
      long expiresAt) throws SQLException {
    bind("INSERT INTO enrolment_codes (code_hash, user_id, issued_by, issued_at, expires_at)"
        + " VALUES (?, ?, ?, ?, ?)", codeHash, userId, issuedBy, at, expiresAt).executeUpdate();
  }

  @Override
  public Optional<String[]> useEnrolmentCode(String codeHash, long now, String deviceId)
      throws SQLException {
    int n = bind("UPDATE enrolment_codes SET used_at = ?, device_id = ? WHERE code_hash = ?"
        + " AND used_at IS NULL AND expires_at > ?", now, deviceId, codeHash, now)
        .executeUpdate();
    if (n != 1) {
      return Optional.empty();
    }
    try (ResultSet rs = bind("SELECT user_id, issued_by FROM enrolment_codes WHERE code_hash = ?",
        codeHash).executeQuery()) {
      return rs.next() ? Optional.of(new String[] {rs.getString(1), rs.getString(2)})
          : Optional.empty();
    }
  }

  @Override
  public boolean enrolmentCodeUsable(String codeHash, long now) throws SQLException {
    try (ResultSet rs = bind("SELECT 1 FROM enrolment_codes WHERE code_hash = ?"
        + " AND used_at IS NULL AND expires_at > ?", codeHash, now).executeQuery()) {
      return rs.next();
    }
  }

  @Override
  public boolean enrolDevice(EnrolledDevice d) throws SQLException {
    return bind("INSERT INTO enrolled_devices (device_id, user_id, public_key, name, app_version,"
        + " enrolled_by, enrolled_at, status, quarantine) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
        + " ON CONFLICT (device_id) DO NOTHING", d.deviceId(), d.userId(), d.publicKey(),
        d.name(), d.appVersion(), d.enrolledBy(), d.enrolledAt(), d.status(),
        d.quarantine() ? 1 : 0).executeUpdate() == 1;
  }

  private static final String DEVICE_SELECT = "SELECT device_id, user_id, public_key, name,"
      + " app_version, enrolled_by, enrolled_at, status, quarantine FROM enrolled_devices";

  @Override
  public Optional<EnrolledDevice> enrolledDevice(String deviceId) throws SQLException {
    List<EnrolledDevice> d = enrolled(bind(DEVICE_SELECT + " WHERE device_id = ?", deviceId));
    return d.stream().findFirst();
  }

  @Override
  public List<EnrolledDevice> enrolledDevices() throws SQLException {
    return enrolled(bind(DEVICE_SELECT + " ORDER BY enrolled_at, device_id"));
  }

  private List<EnrolledDevice> enrolled(PreparedStatement p) throws SQLException {
    List<EnrolledDevice> out = new ArrayList<>();
    try (ResultSet rs = p.executeQuery()) {
      while (rs.next()) {
        out.add(new EnrolledDevice(rs.getString(1), rs.getString(2), rs.getString(3),
            rs.getString(4), rs.getString(5), rs.getString(6), rs.getLong(7), rs.getString(8),
            rs.getInt(9) == 1));
      }
    }
    return out;
  }

  @Override
  public boolean markLost(String deviceId, String by, long at) throws SQLException {
    return bind("UPDATE enrolled_devices SET status = 'lost', revoked_by = ?, revoked_at = ?,"
        + " quarantine = 0 WHERE device_id = ?", by, at, deviceId).executeUpdate() == 1;
  }

  @Override
  public boolean revokeDevice(String deviceId, String by, long at, boolean quarantine)
      throws SQLException {
    return bind("UPDATE enrolled_devices SET status = 'revoked', revoked_by = ?, revoked_at = ?,"
        + " quarantine = ? WHERE device_id = ? AND status = 'active'", by, at,
        quarantine ? 1 : 0, deviceId).executeUpdate() == 1;
  }

  @Override
  public boolean quarantine(String deviceId, String recordId, String rev, String revisionJson,
      String signature, long at) throws SQLException {
    return bind("INSERT INTO quarantine (device_id, record_id, rev, revision, signature,"
        + " received_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (device_id, record_id, rev)"
        + " DO NOTHING", deviceId, recordId, rev, revisionJson, signature, at)
        .executeUpdate() == 1;
  }

  @Override
  public int quarantined(String deviceId) throws SQLException {
    try (ResultSet rs = bind("SELECT COUNT(*) FROM quarantine WHERE device_id = ?", deviceId)
        .executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Override
  public boolean addAttachment(String caseId, String sha256, String mediaType, byte[] content,
      String uploadedBy, String deviceId, long at) throws SQLException {
    return bind("INSERT INTO attachments (case_id, sha256, media_type, size, content, uploaded_by,"
        + " device_id, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (case_id, sha256)"
        + " DO NOTHING", caseId, sha256, mediaType, (long) content.length, content, uploadedBy,
        deviceId, at).executeUpdate() > 0;
  }

  @Override
  public boolean attachmentExists(String caseId, String sha256) throws SQLException {
    try (ResultSet rs = bind("SELECT 1 FROM attachments WHERE case_id = ? AND sha256 = ?",
        caseId, sha256).executeQuery()) {
      return rs.next();
    }
  }

  @Override
  public Optional<Object[]> attachment(String caseId, String sha256) throws SQLException {
    try (ResultSet rs = bind("SELECT media_type, content FROM attachments WHERE case_id = ?"
        + " AND sha256 = ?", caseId, sha256).executeQuery()) {
      if (!rs.next()) {
        return Optional.empty();
      }
      byte[] content = rs.getBytes(2);
      if (!Digests.sha256Hex(content).equals(sha256)) {
        throw CorruptStoreException.attachment(caseId, sha256);
      }
      return Optional.of(new Object[] {rs.getString(1), content});
    }
  }

  @Override
  public long approvalLimitPence(String userId) throws SQLException {
    try (ResultSet rs = bind("SELECT approval_limit_pence FROM users WHERE id = ?", userId)
        .executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0L;
    }
  }

  @Override
  public void setApprovalLimitPence(String userId, long pence) throws SQLException {
    bind("UPDATE users SET approval_limit_pence = ? WHERE id = ?", pence, userId).executeUpdate();
  }

  @Override
  public void addRefreshToken(String hash, String userId, String deviceId, long at,
      long expiresAt, long sessionEndsAt) throws SQLException {
    bind("INSERT INTO refresh_tokens (token_hash, user_id, device_id, issued_at, expires_at,"
        + " session_ends_at) VALUES (?, ?, ?, ?, ?, ?)", hash, userId, deviceId, at,
        Math.min(expiresAt, sessionEndsAt), sessionEndsAt).executeUpdate();
  }

  @Override
  public RefreshSpend rotateRefreshToken(String hash, String deviceId, String nextHash, long now,
      long idleMillis, long graceMillis) throws SQLException {
    String user;
    String device;
    Long used;
    long expires;
    long sessionEnds;
    String replacedBy;
    try (ResultSet rs = bind("SELECT user_id, device_id, used_at, expires_at, session_ends_at,"
        + " replaced_by FROM refresh_tokens WHERE token_hash = ?", hash).executeQuery()) {
      if (!rs.next()) {
        return new RefreshSpend(RefreshSpend.Outcome.UNKNOWN, null);
      }
      user = rs.getString(1);
      device = rs.getString(2);
      long u = rs.getLong(3);
      used = rs.wasNull() ? null : u;
      expires = rs.getLong(4);
      sessionEnds = rs.getLong(5);
      replacedBy = rs.getString(6);
    }
    if (!device.equals(deviceId)) {
      endRefreshTokens(device, now); // another device holds this device's token
      return new RefreshSpend(RefreshSpend.Outcome.OTHER_DEVICE, null);
    }
    if (expires <= now || sessionEnds <= now) {
      return new RefreshSpend(RefreshSpend.Outcome.EXPIRED, null);
    }
    RefreshSpend.Outcome outcome = RefreshSpend.Outcome.ROTATED;
    if (used != null) {
      boolean retry = replacedBy != null && now - used <= graceMillis
          && bind("UPDATE refresh_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL",
              now, replacedBy).executeUpdate() == 1;
      if (!retry) {
        endRefreshTokens(device, now); // a spent token again: someone copied it
        return new RefreshSpend(RefreshSpend.Outcome.REUSED, null);
      }
      outcome = RefreshSpend.Outcome.RETRIED;
      bind("UPDATE refresh_tokens SET replaced_by = ? WHERE token_hash = ?", nextHash, hash)
          .executeUpdate();
    } else if (bind("UPDATE refresh_tokens SET used_at = ?, replaced_by = ? WHERE token_hash = ?"
        + " AND used_at IS NULL", now, nextHash, hash).executeUpdate() != 1) {
      endRefreshTokens(device, now); // spent by a concurrent request a moment ago
      return new RefreshSpend(RefreshSpend.Outcome.REUSED, null);
    }
    addRefreshToken(nextHash, user, device, now, now + idleMillis, sessionEnds);
    return new RefreshSpend(outcome, user);
  }

  @Override
  public void endRefreshTokens(String deviceId, long now) throws SQLException {
    bind("UPDATE refresh_tokens SET used_at = ? WHERE device_id = ? AND used_at IS NULL", now,
        deviceId).executeUpdate();
  }

  @Override
  public void revokeToken(String jti, String userId, long expiresAtSeconds) throws SQLException {
    bind("DELETE FROM revoked_tokens WHERE expires_at < ?", System.currentTimeMillis() / 1000)
        .executeUpdate();
    bind("INSERT INTO revoked_tokens (jti, user_id, expires_at) VALUES (?, ?, ?)"
        + " ON CONFLICT (jti) DO NOTHING", jti, userId, expiresAtSeconds).executeUpdate();
  }

  @Override
  public Map<String, Long> revokedTokens(long nowSeconds) throws SQLException {
    Map<String, Long> out = new HashMap<>();
    try (ResultSet rs = bind("SELECT jti, expires_at FROM revoked_tokens WHERE expires_at >= ?",
        nowSeconds).executeQuery()) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getLong(2));
      }
    }
    return out;
  }

  @Override
  public Optional<AuditEntry> lastAuditEntry() throws SQLException {
    try (ResultSet rs = bind("SELECT seq, at, actor, roles, device, action, target, detail,"
        + " prev_hash, hash FROM audit_log ORDER BY seq DESC LIMIT 1").executeQuery()) {
      return rs.next() ? Optional.of(auditEntry(rs)) : Optional.empty();
    }
  }

  @Override
  public void insertAuditEntries(List<AuditEntry> entries) throws SQLException {
    if (entries.isEmpty()) {
      return;
    }
    PreparedStatement p = ps("INSERT INTO audit_log (seq, at, actor, roles, device, action,"
        + " target, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
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

  @Override
  public List<AuditEntry> auditEntries(long afterSeq, int limit) throws SQLException {
    List<AuditEntry> out = new ArrayList<>();
    try (ResultSet rs = bind("SELECT seq, at, actor, roles, device, action, target, detail,"
        + " prev_hash, hash FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?", afterSeq, limit)
        .executeQuery()) {
      while (rs.next()) {
        out.add(auditEntry(rs));
      }
    }
    return out;
  }
  private static AuditEntry auditEntry(ResultSet rs) throws SQLException {
    return new AuditEntry(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
        rs.getString(10));
  }


  @Override
  public Map<String, String> teams() throws SQLException {
    Map<String, String> out = new LinkedHashMap<>();
    try (ResultSet rs = bind("SELECT id, name FROM teams ORDER BY name, id").executeQuery()) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getString(2));
      }
    }
    return out;
  }

  @Override
  public List<String> localities() throws SQLException {
    List<String> out = new ArrayList<>();
    try (ResultSet rs = bind("SELECT locality FROM teams UNION SELECT locality FROM cases"
        + " ORDER BY 1").executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  @Override
  public List<DeviceRow> devices() throws SQLException {
    List<DeviceRow> out = new ArrayList<>();
    try (ResultSet rs = bind("SELECT device_id, user_id, app_version, last_seen_at, pending,"
        + " needs_attention FROM devices ORDER BY last_seen_at DESC, device_id").executeQuery()) {
      while (rs.next()) {
        int pending = rs.getInt(5);
        Integer p = rs.wasNull() ? null : pending;
        int attention = rs.getInt(6);
        Integer a = rs.wasNull() ? null : attention;
        out.add(new DeviceRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
            p, a));
      }
    }
    return out;
  }

  @Override
  public int revisionCount(String recordId) throws SQLException {
    try (ResultSet rs = bind("SELECT COUNT(*) FROM revisions WHERE record_id = ?", recordId)
        .executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static final String FEED_SELECT = "SELECT r.seq, r.status, " + REV_COLUMNS
      + ", v.outcome, (SELECT MAX(c.reason) FROM conflicts c WHERE c.record_id = r.record_id"
      + " AND c.resolution_rev = r.current_rev),"
      + " (SELECT MAX(c.fields) FROM conflicts c WHERE c.record_id = r.record_id"
      + " AND c.status = 'open'),"
      + " CASE WHEN EXISTS (SELECT 1 FROM record_restrictions x WHERE x.record_id = r.record_id)"
      + " AND NOT EXISTS (SELECT 1 FROM record_restriction_users ru"
      + " WHERE ru.record_id = r.record_id AND ru.user_id = ?) THEN 1 ELSE 0 END"
      + " FROM records r JOIN revisions v ON v.record_id = r.record_id AND v.rev = r.current_rev";

  @Override
  public List<FeedRow> feed(Scope scope, String viewer, long afterSeq, long uptoSeq, int limit,
      String exceptDevice) throws SQLException {
    return feedRows(bind(FEED_SELECT + " WHERE r.seq > ? AND r.seq <= ? AND " + scope.sql()
        + " AND NOT (r.status = 'current' AND v.device_id = ? AND r.seq = v.seq)"
        + " ORDER BY r.seq LIMIT ?", viewer,
        afterSeq, uptoSeq, scope.subject(), exceptDevice == null ? "" : exceptDevice, limit));
  }

  @Override
  public List<FeedRow> caseRecords(String caseId, String viewer, long afterSeq, long uptoSeq,
      int limit) throws SQLException {
    return feedRows(bind(FEED_SELECT + " WHERE r.case_id = ? AND r.seq > ? AND r.seq <= ?"
        + " ORDER BY r.seq LIMIT ?", viewer, caseId, afterSeq, uptoSeq, limit));
  }

  @Override
  public List<FeedRow> timeline(String caseId, String viewer) throws SQLException {
    return feedRows(bind(FEED_SELECT + " WHERE r.case_id = ? ORDER BY r.hlc, r.record_id",
        viewer, caseId));
  }

  @Override
  public List<ScopeEvent> scopeEvents(String userId, long afterSeq, long uptoSeq, int limit)
      throws SQLException {
    List<ScopeEvent> out = new ArrayList<>();
    try (ResultSet rs = bind("SELECT seq, case_id, kind FROM scope_events WHERE user_id = ?"
        + " AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?", userId, afterSeq, uptoSeq, limit)
        .executeQuery()) {
      while (rs.next()) {
        out.add(new ScopeEvent(rs.getLong(1), rs.getString(2), rs.getString(3)));
      }
    }
    return out;
  }

  @Override
  public void saveCheckpoint(String deviceId, String userId, String checkpoint, long now)
      throws SQLException {
    bind("INSERT INTO device_checkpoints (device_id, user_id, checkpoint, updated_at)"
            + " VALUES (?, ?, ?, ?) ON CONFLICT (device_id) DO UPDATE SET"
            + " user_id = excluded.user_id, checkpoint = excluded.checkpoint,"
            + " updated_at = excluded.updated_at", deviceId, userId, checkpoint, now)
        .executeUpdate();
  }

  private List<FeedRow> feedRows(PreparedStatement p) throws SQLException {
    List<FeedRow> out = new ArrayList<>();
    try (ResultSet rs = p.executeQuery()) {
      while (rs.next()) {
        String review = rs.getString(17);
        out.add(new FeedRow(rs.getLong(1), revisionAt(rs, 3), rs.getString(2),
            rs.getString(15), rs.getString(16), review == null ? List.of() : strings(review),
            rs.getInt(18) == 1));
      }
    }
    return out;
  }

  /**
   * A stored revision, checked against its rev: every read of a revision (feed, timeline,
   * history, conflict sides, a merge's parents) comes through here, so one whose content no
   * longer gives its rev is never used or served as good. One SHA-256 over the stored canonical
   * body, no re-parsing: microseconds a row.
   */
  private static Revision revisionAt(ResultSet rs, int i) throws SQLException {
    Revision r = new Revision(rs.getString(i), rs.getString(i + 1), rs.getString(i + 2),
        strings(rs.getString(i + 3)), rs.getString(i + 4), rs.getString(i + 5),
        rs.getInt(i + 6) != 0, rs.getInt(i + 7), rs.getString(i + 8), rs.getString(i + 9),
        rs.getString(i + 10), rs.getString(i + 11));
    if (!Revisions.revMatches(r)) {
      throw CorruptStoreException.revision(r.id(), r.rev());
    }
    return r;
  }

  private static String json(List<String> list) {
    try {
      return ProtocolCodec.mapper().writeValueAsString(list);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a list of strings always serialises", e);
    }
  }

  private static List<String> strings(String json) throws SQLException {
    try {
      return ProtocolCodec.mapper().readValue(json, STRINGS);
    } catch (JsonProcessingException e) {
      throw new SQLException("stored child_ids is not a JSON array", e);
    }
  }

  @Override
  public ScanPage scanRevisions(String afterRecordId, String afterRev, int limit)
      throws SQLException {
    List<String> damaged = new ArrayList<>();
    int n = 0;
    String lastId = null;
    String lastRev = null;
    try (ResultSet rs = bind("SELECT " + REV_COLUMNS + " FROM revisions v WHERE v.record_id > ?"
        + " OR (v.record_id = ? AND v.rev > ?) ORDER BY v.record_id, v.rev LIMIT ?",
        afterRecordId, afterRecordId, afterRev, limit).executeQuery()) {
      while (rs.next()) {
        n++;
        lastId = rs.getString(1);
        lastRev = rs.getString(5);
        try {
          revisionAt(rs, 1);
        } catch (CorruptStoreException | SQLException e) {
          damaged.add("revision " + lastRev + " of record " + lastId);
        }
      }
    }
    return new ScanPage(n, damaged, lastId, lastRev);
  }

  @Override
  public ScanPage scanAttachments(String afterCaseId, String afterSha256, int limit)
      throws SQLException {
    List<String> damaged = new ArrayList<>();
    int n = 0;
    String lastCase = null;
    String lastSha = null;
    try (ResultSet rs = bind("SELECT case_id, sha256 FROM attachments WHERE case_id > ?"
        + " OR (case_id = ? AND sha256 > ?) ORDER BY case_id, sha256 LIMIT ?", afterCaseId,
        afterCaseId, afterSha256, limit).executeQuery()) {
      List<String[]> keys = new ArrayList<>();
      while (rs.next()) {
        keys.add(new String[] {rs.getString(1), rs.getString(2)});
      }
      for (String[] k : keys) {
        n++;
        lastCase = k[0];
        lastSha = k[1];
        try {
          attachment(k[0], k[1]);
        } catch (CorruptStoreException e) {
          damaged.add("attachment " + k[1] + " of case " + k[0]);
        }
      }
    }
    return new ScanPage(n, damaged, lastCase, lastSha);
  }

  @Override
  public List<Caseload.Case> caseload(Scope scope) throws SQLException {
    List<String[]> cases = new ArrayList<>();
    try (ResultSet rs = bind("SELECT c.id, c.label, c.locality, c.team_id FROM cases c"
        + " WHERE " + scope.casesSql() + " ORDER BY c.id", scope.subject()).executeQuery()) {
      while (rs.next()) {
        cases.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3),
            rs.getString(4)});
      }
    }
    List<Caseload.Case> out = new ArrayList<>();
    for (String[] c : cases) {
      List<Caseload.Child> children = new ArrayList<>();
      try (ResultSet rs = bind("SELECT child_id, initials FROM case_children WHERE case_id = ?"
          + " ORDER BY child_id", c[0]).executeQuery()) {
        while (rs.next()) {
          children.add(new Caseload.Child(rs.getString(1), rs.getString(2)));
        }
      }
      List<Caseload.Worker> workers = new ArrayList<>();
      try (ResultSet rs = bind("SELECT u.id, u.display_name FROM allocations a JOIN users u"
          + " ON u.id = a.user_id WHERE a.case_id = ? AND a.active = 1 ORDER BY u.id", c[0])
          .executeQuery()) {
        while (rs.next()) {
          workers.add(new Caseload.Worker(rs.getString(1), rs.getString(2)));
        }
      }
      out.add(new Caseload.Case(c[0], c[1], c[2], c[3], children, workers));
    }
    return out;
  }

  @Override
  public Optional<String> meta(String key) throws SQLException {
    try (ResultSet rs = bind("SELECT meta_value FROM store_meta WHERE meta_key = ?", key)
        .executeQuery()) {
      return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
    }
  }

  @Override
  public void putMeta(String key, String value) throws SQLException {
    bind("INSERT INTO store_meta (meta_key, meta_value) VALUES (?, ?) ON CONFLICT (meta_key)"
        + " DO UPDATE SET meta_value = excluded.meta_value", key, value).executeUpdate();
  }

  @Override
  public void close() {
    for (PreparedStatement p : cache.values()) {
      try {
        p.close();
      } catch (SQLException e) {
        // Closing a statement of a finished transaction; nothing to recover.
      }
    }
    cache.clear();
  }
}
