package org.fieldsync.server.store;

/**
 * Which records a user may see, expressed once so every query applies it the same way.
 *
 * @param kind how scope is decided
 * @param subject the user id (ALLOCATED, PARTNER, OWN_FEEDBACK) or team id (TEAM)
 */
public record Scope(Kind kind, String subject) {
  /** How scope is decided for a role. */
  public enum Kind {
    /** Cases allocated to the user (workers). */
    ALLOCATED,
    /** Every case of the team (team managers). */
    TEAM,
    /**
     * Of the cases allocated to the user, the records the case's consent shares with the user's
     * partner agency, and the user's own entries (partner-agency practitioners).
     */
    PARTNER,
    /** Only feedback the user wrote without a case (engagement officers). */
    OWN_FEEDBACK,
    /** No case content (sync admins). */
    NONE
  }

  /**
   * A partner sees a record of a case allocated to them when they wrote it, or when the case's
   * consent for their agency is full, or partial and names the record's type. One {@code ?}: the
   * user id, reached through the users row so the agency and the author need no second bind.
   */
  private static final String PARTNER_SQL = "EXISTS (SELECT 1 FROM users pu"
      + " JOIN allocations pa ON pa.user_id = pu.id AND pa.active = 1"
      + " WHERE pu.id = ? AND pa.case_id = r.case_id AND (r.author_id = pu.id"
      + " OR r.author_id = pu.username OR EXISTS (SELECT 1 FROM case_consents k"
      + " WHERE k.case_id = r.case_id AND k.agency = pu.partner_agency AND (k.level = 'full'"
      + " OR k.level = 'partial' AND k.record_types LIKE '%,' || r.type || ',%'))))";

  /** The SQL condition on a {@code records r} row, with one {@code ?} bound to {@link #subject}. */
  String sql() {
    return switch (kind) {
      case ALLOCATED -> "r.case_id IN (SELECT a.case_id FROM allocations a"
          + " WHERE a.user_id = ? AND a.active = 1)";
      case TEAM -> "r.case_id IN (SELECT c.id FROM cases c WHERE c.team_id = ?)";
      case PARTNER -> PARTNER_SQL;
      case OWN_FEEDBACK -> "(r.case_id IS NULL AND r.author_id = ?)";
      case NONE -> "(1 = 0 AND CAST(? AS TEXT) IS NULL)";
    };
  }

  /** The SQL condition on a {@code cases c} row: the cases in scope, one {@code ?} as above. */
  String casesSql() {
    return switch (kind) {
      case ALLOCATED, PARTNER -> "c.id IN (SELECT a.case_id FROM allocations a"
          + " WHERE a.user_id = ? AND a.active = 1)";
      case TEAM -> "c.team_id = ?";
      case OWN_FEEDBACK, NONE -> "(1 = 0 AND CAST(? AS TEXT) IS NULL)";
    };
  }
}
