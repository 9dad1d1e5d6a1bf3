package org.fieldsync.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * People as the identity provider sees them (SCIM users and groups), whether each may sign in,
 * and the one-time activation codes with which a new user sets their own password.
 */
public final class PeopleRepo {
  private static final String PERSON = "SELECT id, username, external_id, display_name, email,"
      + " active, roles, team_id, grade, approval_limit_pence, locality, agency, version,"
      + " created_at, updated_at FROM users";
  /** The password hash of a user who has not activated yet: no password verifies against it. */
  public static final String NO_PASSWORD = "!";

  private final Session s;

  PeopleRepo(Session s) {
    this.s = s;
  }

  public Optional<PersonRow> person(String id) throws SQLException {
    List<PersonRow> l = persons(PERSON + " WHERE id = ?", List.of(id));
    return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
  }

  public Optional<PersonRow> personByUserName(String userName) throws SQLException {
    List<PersonRow> l = persons(PERSON + " WHERE username = ?", List.of(userName));
    return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
  }

  /** A page of people in id order, optionally only the one with {@code userName}. */
  public List<PersonRow> persons(String userName, int offset, int count) throws SQLException {
    return userName == null
        ? persons(PERSON + " ORDER BY id LIMIT ? OFFSET ?", List.of(count, offset))
        : persons(PERSON + " WHERE username = ? ORDER BY id LIMIT ? OFFSET ?",
            List.of(userName, count, offset));
  }

  public int countPersons(String userName) throws SQLException {
    try (ResultSet rs = userName == null ? s.bind("SELECT COUNT(*) FROM users").executeQuery()
        : s.bind("SELECT COUNT(*) FROM users WHERE username = ?", userName).executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private List<PersonRow> persons(String sql, List<Object> args) throws SQLException {
    List<PersonRow> out = new ArrayList<>();
    try (ResultSet rs = s.bind(sql, args.toArray()).executeQuery()) {
      while (rs.next()) {
        String roles = rs.getString(7);
        out.add(new PersonRow(rs.getString(1), rs.getString(2), rs.getString(3),
            rs.getString(4), rs.getString(5), rs.getInt(6) == 1,
            roles == null || roles.isEmpty() ? List.of() : Arrays.asList(roles.split(",")),
            rs.getString(8), rs.getString(9), rs.getLong(10), rs.getString(11), rs.getString(12),
            rs.getLong(13), rs.getLong(14), rs.getLong(15)));
      }
    }
    return out;
  }

  /** Adds a person who has no password yet (they activate with a code). */
  public void insert(PersonRow p) throws SQLException {
    s.bind("INSERT INTO users (id, username, display_name, password_hash, roles, team_id,"
        + " agency, approval_limit_pence, external_id, active, version, grade, locality, email,"
        + " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        p.id(), p.userName(), p.displayName(), NO_PASSWORD, String.join(",", p.roles()),
        p.teamId(), p.agency(), p.approvalLimitPence(), p.externalId(), p.active() ? 1 : 0,
        p.version(), p.grade(), p.locality(), p.email(), p.createdAt(), p.updatedAt())
        .executeUpdate();
  }

  /** Replaces everything but the id, password and creation time. */
  public void update(PersonRow p) throws SQLException {
    s.bind("UPDATE users SET username = ?, display_name = ?, roles = ?, team_id = ?,"
        + " agency = ?, approval_limit_pence = ?, external_id = ?, active = ?, version = ?,"
        + " grade = ?, locality = ?, email = ?, updated_at = ? WHERE id = ?",
        p.userName(), p.displayName(), String.join(",", p.roles()), p.teamId(), p.agency(),
        p.approvalLimitPence(), p.externalId(), p.active() ? 1 : 0, p.version(), p.grade(),
        p.locality(), p.email(), p.updatedAt(), p.id()).executeUpdate();
  }

  /** Whether the user exists and may sign in. */
  public boolean active(String userId) throws SQLException {
    try (ResultSet rs = s.bind("SELECT active FROM users WHERE id = ?", userId).executeQuery()) {
      return rs.next() && rs.getInt(1) == 1;
    }
  }

  /** Ids of every user who may not sign in (deactivated), for each node's token check. */
  public List<String> inactive() throws SQLException {
    List<String> out = new ArrayList<>();
    try (ResultSet rs = s.bind("SELECT id FROM users WHERE active = 0").executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  public void setPassword(String userId, String hash, long now) throws SQLException {
    s.bind("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?", hash, now, userId)
        .executeUpdate();
  }

  /** Keeps an activation code's hash; any earlier unused code of the user stops working. */
  public void addActivationCode(String codeHash, String userId, long now, long expiresAt)
      throws SQLException {
    s.bind("UPDATE activation_codes SET used_at = ? WHERE user_id = ? AND used_at IS NULL", now,
        userId).executeUpdate();
    s.bind("INSERT INTO activation_codes (code_hash, user_id, issued_at, expires_at)"
        + " VALUES (?, ?, ?, ?)", codeHash, userId, now, expiresAt).executeUpdate();
  }

  /** Spends an activation code: its user's id, or empty if it is unknown, used or expired. */
  public Optional<String> useActivationCode(String codeHash, long now) throws SQLException {
    String user;
    try (ResultSet rs = s.bind("SELECT user_id FROM activation_codes WHERE code_hash = ? AND"
        + " used_at IS NULL AND expires_at > ?", codeHash, now).executeQuery()) {
      if (!rs.next()) {
        return Optional.empty();
      }
      user = rs.getString(1);
    }
    s.bind("UPDATE activation_codes SET used_at = ? WHERE code_hash = ?", now, codeHash)
        .executeUpdate();
    return Optional.of(user);
  }

  // Groups.

  public Optional<GroupRow> group(String id) throws SQLException {
    List<GroupRow> l = groups("SELECT id, display_name, external_id, version, created_at,"
        + " updated_at FROM scim_groups WHERE id = ?", List.of(id));
    return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
  }

  /** A page of groups in id order, optionally only the one with {@code displayName}. */
  public List<GroupRow> groups(String displayName, int offset, int count) throws SQLException {
    String sql = "SELECT id, display_name, external_id, version, created_at, updated_at FROM"
        + " scim_groups";
    return displayName == null ? groups(sql + " ORDER BY id LIMIT ? OFFSET ?",
        List.of(count, offset)) : groups(sql + " WHERE display_name = ? ORDER BY id LIMIT ?"
        + " OFFSET ?", List.of(displayName, count, offset));
  }

  public int countGroups(String displayName) throws SQLException {
    try (ResultSet rs = displayName == null
        ? s.bind("SELECT COUNT(*) FROM scim_groups").executeQuery()
        : s.bind("SELECT COUNT(*) FROM scim_groups WHERE display_name = ?", displayName)
            .executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private List<GroupRow> groups(String sql, List<Object> args) throws SQLException {
    List<String[]> heads = new ArrayList<>();
    List<long[]> nums = new ArrayList<>();
    try (ResultSet rs = s.bind(sql, args.toArray()).executeQuery()) {
      while (rs.next()) {
        heads.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
        nums.add(new long[] {rs.getLong(4), rs.getLong(5), rs.getLong(6)});
      }
    }
    List<GroupRow> out = new ArrayList<>();
    for (int i = 0; i < heads.size(); i++) {
      List<String> members = new ArrayList<>();
      try (ResultSet rs = s.bind("SELECT user_id FROM scim_group_members WHERE group_id = ?"
          + " ORDER BY user_id", heads.get(i)[0]).executeQuery()) {
        while (rs.next()) {
          members.add(rs.getString(1));
        }
      }
      out.add(new GroupRow(heads.get(i)[0], heads.get(i)[1], heads.get(i)[2], members,
          nums.get(i)[0], nums.get(i)[1], nums.get(i)[2]));
    }
    return out;
  }

  /** Inserts or replaces a group and its members. */
  public void putGroup(GroupRow g) throws SQLException {
    s.bind("INSERT INTO scim_groups (id, display_name, external_id, version, created_at,"
        + " updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
        + " display_name = excluded.display_name, external_id = excluded.external_id,"
        + " version = excluded.version, updated_at = excluded.updated_at", g.id(),
        g.displayName(), g.externalId(), g.version(), g.createdAt(), g.updatedAt())
        .executeUpdate();
    s.bind("DELETE FROM scim_group_members WHERE group_id = ?", g.id()).executeUpdate();
    for (String m : g.members()) {
      s.bind("INSERT INTO scim_group_members (group_id, user_id) VALUES (?, ?)", g.id(), m)
          .executeUpdate();
    }
  }

  public boolean deleteGroup(String id) throws SQLException {
    s.bind("DELETE FROM scim_group_members WHERE group_id = ?", id).executeUpdate();
    return s.bind("DELETE FROM scim_groups WHERE id = ?", id).executeUpdate() > 0;
  }

  /** Whether a group other than {@code exceptId} already has this name. */
  public boolean groupNameTaken(String displayName, String exceptId) throws SQLException {
    try (ResultSet rs = s.bind("SELECT 1 FROM scim_groups WHERE display_name = ? AND id <> ?",
        displayName, exceptId).executeQuery()) {
      return rs.next();
    }
  }

  /** Whether a team exists. */
  public boolean teamExists(String teamId) throws SQLException {
    try (ResultSet rs = s.bind("SELECT 1 FROM teams WHERE id = ?", teamId).executeQuery()) {
      return rs.next();
    }
  }
}
