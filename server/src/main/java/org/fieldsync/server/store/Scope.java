package org.fieldsync.server.store;

/**
 * Which records a user may see, expressed once so every query applies it the same way.
 *
 * @param kind how scope is decided
 * @param subject the user id (ALLOCATED, OWN_FEEDBACK) or team id (TEAM)
 */
public record Scope(Kind kind, String subject) {
  /** How scope is decided for a role. */
  public enum Kind {
    /** Cases allocated to the user (workers). */
    ALLOCATED,
    /** Every case of the team (team managers). */
    TEAM,
    /** Only feedback the user wrote without a case (engagement officers). */
    OWN_FEEDBACK,
    /** No case content (sync admins). */
    NONE
  }

  /** The SQL condition on a {@code records r} row, with one {@code ?} bound to {@link #subject}. */
  String sql() {
    return switch (kind) {
      case ALLOCATED -> "r.case_id IN (SELECT a.case_id FROM allocations a"
          + " WHERE a.user_id = ? AND a.active = 1)";
      case TEAM -> "r.case_id IN (SELECT c.id FROM cases c WHERE c.team_id = ?)";
      case OWN_FEEDBACK -> "(r.case_id IS NULL AND r.author_id = ?)";
      case NONE -> "(1 = 0 AND CAST(? AS TEXT) IS NULL)";
    };
  }

  /** The SQL condition on a {@code cases c} row: the cases in scope, one {@code ?} as above. */
  String casesSql() {
    return switch (kind) {
      case ALLOCATED -> "c.id IN (SELECT a.case_id FROM allocations a"
          + " WHERE a.user_id = ? AND a.active = 1)";
      case TEAM -> "c.team_id = ?";
      case OWN_FEEDBACK, NONE -> "(1 = 0 AND CAST(? AS TEXT) IS NULL)";
    };
  }
}
