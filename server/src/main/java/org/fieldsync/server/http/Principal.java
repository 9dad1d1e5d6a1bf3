package org.fieldsync.server.http;

import java.util.List;
import org.fieldsync.server.store.Scope;

/**
 * The authenticated caller of a request, from a verified token.
 *
 * @param userId user id
 * @param username login name
 * @param roles role names
 * @param teamId team, nullable
 * @param tokenId the access token's id, for logout; null for a principal not from a token
 * @param tokenExpiresAt the token's expiry (epoch seconds), 0 when unknown
 * @param deviceId the enrolled device the token was issued to; null for a session that cannot
 *     sync (the admin console, an auditor)
 */
public record Principal(String userId, String username, List<String> roles, String teamId,
    String tokenId, long tokenExpiresAt, String deviceId) {

  /** A principal not made from a token (tests, tools). */
  public Principal(String userId, String username, List<String> roles, String teamId) {
    this(userId, username, roles, teamId, null, 0L, null);
  }
  public static final String FAMILY_WORKER = "family_worker";
  public static final String SOCIAL_WORKER = "social_worker";
  public static final String TEAM_MANAGER = "team_manager";
  public static final String ENGAGEMENT_OFFICER = "engagement_officer";
  public static final String SYNC_ADMIN = "sync_admin";
  /**
   * A partner-agency practitioner (domestic abuse, mental health, substance misuse, probation,
   * police): writes into the shared family record; sees only what consent shares with their
   * agency, and their own entries.
   */
  public static final String PARTNER_PRACTITIONER = "partner_practitioner";
  /** Read-only, with the audit trail; sees no case content. */
  public static final String AUDITOR = "auditor";

  public Principal {
    roles = roles == null ? List.of() : List.copyOf(roles);
  }

  public boolean has(String role) {
    return roles.contains(role);
  }

  /** Which records this user may see: the widest scope any of their roles gives. */
  public Scope scope() {
    if (has(FAMILY_WORKER) || has(SOCIAL_WORKER)) {
      return new Scope(Scope.Kind.ALLOCATED, userId);
    }
    if (has(TEAM_MANAGER) && teamId != null) {
      return new Scope(Scope.Kind.TEAM, teamId);
    }
    if (has(PARTNER_PRACTITIONER)) {
      return new Scope(Scope.Kind.PARTNER, userId);
    }
    if (has(ENGAGEMENT_OFFICER)) {
      return new Scope(Scope.Kind.OWN_FEEDBACK, userId);
    }
    return new Scope(Scope.Kind.NONE, userId);
  }
}
