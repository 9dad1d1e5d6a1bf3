package org.fieldsync.protocol.wire;

/**
 * Answer to a successful login: a short-lived bearer token and who it belongs to.
 *
 * @param token the JWT to send as {@code Authorization: Bearer <token>}
 * @param tokenType always "Bearer"
 * @param expiresInSeconds lifetime of the token
 * @param user the authenticated user
 */
public record LoginResponse(String token, String tokenType, long expiresInSeconds, UserInfo user) {
  @Override
  public String toString() {
    return "LoginResponse[expiresInSeconds=" + expiresInSeconds + ", user=" + user + "]";
  }
}
