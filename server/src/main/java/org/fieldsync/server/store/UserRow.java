package org.fieldsync.server.store;

import java.util.List;

/**
 * A user as stored.
 *
 * @param id stable id
 * @param username login name
 * @param displayName name to show
 * @param passwordHash encoded Argon2id hash
 * @param roles role names
 * @param teamId team, nullable
 * @param agency the user's agency (every entry carries the writer's agency)
 */
public record UserRow(
    String id,
    String username,
    String displayName,
    String passwordHash,
    List<String> roles,
    String teamId,
    String agency) {
  @Override
  public String toString() {
    return "UserRow[id=" + id + ", username=" + username + ", roles=" + roles + "]";
  }
}
