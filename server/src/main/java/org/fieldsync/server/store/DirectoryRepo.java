package org.fieldsync.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.fieldsync.protocol.wire.Caseload;

/**
 * The directory: users, teams, cases and their children, who is allocated to which case (with
 * the scope events the feed reads), and each manager's FNSP approval limit.
 */
public final class DirectoryRepo {
  private final Session s;

  DirectoryRepo(Session s) {
    this.s = s;
  }

  public Optional<UserRow> userByUsername(String username) throws SQLException {
    return user("SELECT * FROM users WHERE username = ?", username);
  }

  public Optional<UserRow> userById(String id) throws SQLException {
    return user("SELECT * FROM users WHERE id = ?", id);
  }

  private Optional<UserRow> user(String sql, String arg) throws SQLException {
    try (ResultSet rs = s.bind(sql, arg).executeQuery()) {
      if (!rs.next()) {
        return Optional.empty();
      }
      return Optional.of(new UserRow(rs.getString("id"), rs.getString("username"),
          rs.getString("display_name"), rs.getString("password_hash"),
          Arrays.asList(rs.getString("roles").split(",")), rs.getString("team_id"),
          rs.getString("agency")));
    }
  }

  public void upsertTeam(String id, String name, String locality) throws SQLException {
    s.bind("INSERT INTO teams (id, name, locality) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE"
        + " SET name = excluded.name, locality = excluded.locality", id, name, locality)
        .executeUpdate();
  }

  public void upsertUser(UserRow u) throws SQLException {
    s.bind("INSERT INTO users (id, username, display_name, password_hash, roles, team_id, agency)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
        u.id(), u.username(), u.displayName(), u.passwordHash(), String.join(",", u.roles()),
        u.teamId(), u.agency()).executeUpdate();
  }

  /** Inserts a case if absent; true if it was inserted. */
  public boolean upsertCase(String id, String teamId, String locality, String label)
      throws SQLException {
    return s.bind("INSERT INTO cases (id, team_id, locality, label) VALUES (?, ?, ?, ?)"
        + " ON CONFLICT (id) DO NOTHING", id, teamId, locality, label).executeUpdate() > 0;
  }

  public void upsertChild(String caseId, String childId, String initials) throws SQLException {
    s.bind("INSERT INTO case_children (case_id, child_id, initials) VALUES (?, ?, ?)"
        + " ON CONFLICT (case_id, child_id) DO NOTHING", caseId, childId, initials)
        .executeUpdate();
  }

  public Optional<String> caseTeam(String caseId) throws SQLException {
    try (ResultSet rs = s.bind("SELECT team_id FROM cases WHERE id = ?", caseId).executeQuery()) {
      return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
    }
  }

  /** The label of each of these cases that exists (a pseudonym such as "Family DW-1"). */
  public Map<String, String> caseLabels(Collection<String> caseIds) throws SQLException {
    Map<String, String> out = new HashMap<>();
    for (String caseId : new LinkedHashSet<>(caseIds)) {
      try (ResultSet rs = s.bind("SELECT label FROM cases WHERE id = ?", caseId)
          .executeQuery()) {
        if (rs.next()) {
          out.put(caseId, rs.getString(1));
        }
      }
    }
    return out;
  }

  /** Children of each case, for the given cases. */
  public Map<String, Set<String>> caseChildren(Collection<String> caseIds) throws SQLException {
    Map<String, Set<String>> out = new HashMap<>();
    for (String caseId : new LinkedHashSet<>(caseIds)) {
      Set<String> children = new HashSet<>();
      try (ResultSet rs = s.bind("SELECT child_id FROM case_children WHERE case_id = ?", caseId)
          .executeQuery()) {
        while (rs.next()) {
          children.add(rs.getString(1));
        }
      }
      out.put(caseId, children);
    }
    return out;
  }

  /**
   * Whether a record of {@code caseId} is visible to {@code scope}. For a partner: whether the
   * case is allocated to them (they may write into it); which of its records they see is
   * {@link #recordInScope}.
   */
  public boolean caseInScope(Scope scope, String caseId) throws SQLException {
    if (scope.kind() == Scope.Kind.PARTNER) {
      try (ResultSet rs = s.bind("SELECT 1 FROM cases c WHERE c.id = ? AND " + scope.casesSql(),
          caseId, scope.subject()).executeQuery()) {
        return rs.next();
      }
    }
    String sql = "SELECT 1 FROM (SELECT CAST(? AS TEXT) AS case_id,"
        + " CAST(NULL AS TEXT) AS author_id) r WHERE " + scope.sql();
    try (ResultSet rs = s.bind(sql, caseId, scope.subject()).executeQuery()) {
      return rs.next();
    }
  }

  /**
   * Whether this record is visible to {@code scope}: its case is in scope and, for a partner, the
   * case's consent shares it with their agency or they wrote it.
   */
  public boolean recordInScope(Scope scope, String recordId, String caseId) throws SQLException {
    if (caseId == null) {
      return false;
    }
    if (scope.kind() != Scope.Kind.PARTNER) {
      return caseInScope(scope, caseId);
    }
    try (ResultSet rs = s.bind("SELECT 1 FROM records r WHERE r.record_id = ? AND "
        + scope.sql(), recordId, scope.subject()).executeQuery()) {
      return rs.next();
    }
  }

  /** The partner agency of a partner-agency practitioner (e.g. {@code police}), else empty. */
  public Optional<String> partnerAgency(String userId) throws SQLException {
    try (ResultSet rs = s.bind("SELECT partner_agency FROM users WHERE id = ?", userId)
        .executeQuery()) {
      return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
    }
  }

  public void setPartnerAgency(String userId, String agency) throws SQLException {
    s.bind("UPDATE users SET partner_agency = ? WHERE id = ?", agency, userId).executeUpdate();
  }

  /** Partner practitioners of {@code agency} allocated to the case, in id order. */
  public List<String> partnersOnCase(String caseId, String agency) throws SQLException {
    List<String> out = new ArrayList<>();
    try (ResultSet rs = s.bind("SELECT u.id FROM users u JOIN allocations a ON a.user_id = u.id"
        + " AND a.active = 1 WHERE a.case_id = ? AND u.partner_agency = ? ORDER BY u.id", caseId,
        agency).executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  /**
   * Records that the case's consent for a partner changed, at {@code seq}: the partner's next
   * pull sends again what is now shared and withdraws what no longer is (see ChangesService).
   */
  public void consentChanged(String caseId, String userId, long seq, long at)
      throws SQLException {
    s.bind("INSERT INTO scope_events (seq, case_id, user_id, kind, at) VALUES (?, ?, ?, ?, ?)",
        seq, caseId, userId, ScopeEvent.CONSENT, at).executeUpdate();
  }

  /** Users who hold any of these cases (allocated workers and the teams' managers). */
  public Set<String> usersHolding(Collection<String> caseIds) throws SQLException {
    Set<String> out = new HashSet<>();
    for (String caseId : new LinkedHashSet<>(caseIds)) {
      try (ResultSet rs = s.bind("SELECT user_id FROM allocations WHERE case_id = ?"
          + " AND active = 1 UNION SELECT u.id FROM users u JOIN cases c ON c.team_id = u.team_id"
          + " WHERE c.id = ? AND u.roles LIKE '%team_manager%'", caseId, caseId).executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  /** Sets an allocation and records the scope event at {@code seq}; false if nothing changed. */
  public boolean setAllocation(String caseId, String userId, boolean active, long seq)
      throws SQLException {
    return setAllocation(caseId, userId, active, seq, System.currentTimeMillis());
  }

  /** As {@link #setAllocation(String, String, boolean, long)}, the event stamped {@code now}. */
  public boolean setAllocation(String caseId, String userId, boolean active, long seq, long now)
      throws SQLException {
    if (allocated(caseId, userId) == active) {
      return false;
    }
    s.bind("INSERT INTO allocations (case_id, user_id, active, changed_seq) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT (case_id, user_id) DO UPDATE SET active = excluded.active,"
            + " changed_seq = excluded.changed_seq", caseId, userId, active ? 1 : 0, seq)
        .executeUpdate();
    s.bind("INSERT INTO scope_events (seq, case_id, user_id, kind, at) VALUES (?, ?, ?, ?, ?)",
        seq, caseId, userId, active ? "allocated" : "deallocated", now)
        .executeUpdate();
    return true;
  }

  public boolean allocated(String caseId, String userId) throws SQLException {
    try (ResultSet rs = s.bind("SELECT 1 FROM allocations WHERE case_id = ? AND user_id = ?"
        + " AND active = 1", caseId, userId).executeQuery()) {
      return rs.next();
    }
  }

  /** The most (pence) this user may approve for one FNSP request; 0 when none. */
  public long approvalLimitPence(String userId) throws SQLException {
    try (ResultSet rs = s.bind("SELECT approval_limit_pence FROM users WHERE id = ?", userId)
        .executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0L;
    }
  }

  public void setApprovalLimitPence(String userId, long pence) throws SQLException {
    s.bind("UPDATE users SET approval_limit_pence = ? WHERE id = ?", pence, userId)
        .executeUpdate();
  }

  /** Team names by id, in name order. */
  public Map<String, String> teams() throws SQLException {
    Map<String, String> out = new LinkedHashMap<>();
    try (ResultSet rs = s.bind("SELECT id, name FROM teams ORDER BY name, id").executeQuery()) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getString(2));
      }
    }
    return out;
  }

  /** Every locality a team or case names, sorted. */
  public List<String> localities() throws SQLException {
    List<String> out = new ArrayList<>();
    try (ResultSet rs = s.bind("SELECT locality FROM teams UNION SELECT locality FROM cases"
        + " ORDER BY 1").executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  /** The cases in scope, with their children and allocated workers, in case id order. */
  public List<Caseload.Case> caseload(Scope scope) throws SQLException {
    List<String[]> cases = new ArrayList<>();
    try (ResultSet rs = s.bind("SELECT c.id, c.label, c.locality, c.team_id FROM cases c"
        + " WHERE " + scope.casesSql() + " ORDER BY c.id", scope.subject()).executeQuery()) {
      while (rs.next()) {
        cases.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3),
            rs.getString(4)});
      }
    }
    List<Caseload.Case> out = new ArrayList<>();
    for (String[] c : cases) {
      List<Caseload.Child> children = new ArrayList<>();
      try (ResultSet rs = s.bind("SELECT child_id, initials FROM case_children WHERE case_id = ?"
          + " ORDER BY child_id", c[0]).executeQuery()) {
        while (rs.next()) {
          children.add(new Caseload.Child(rs.getString(1), rs.getString(2)));
        }
      }
      List<Caseload.Worker> workers = new ArrayList<>();
      try (ResultSet rs = s.bind("SELECT u.id, u.display_name FROM allocations a JOIN users u"
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
}
