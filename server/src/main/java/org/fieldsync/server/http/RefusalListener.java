package org.fieldsync.server.http;

/**
 * Told of every request answered 401 or 403 (except a wrong password, which the sign-in route
 * records itself), so refused access is attributed in the audit trail without the HTTP layer
 * knowing the audit feature.
 */
@FunctionalInterface
public interface RefusalListener {
  /**
   * A refusal.
   *
   * @param who the caller, null when not signed in
   * @param route method and path, for example {@code GET /api/v1/audit}
   * @param status 401 or 403
   * @param code the problem code answered
   */
  void refused(Principal who, String route, int status, String code);
}
