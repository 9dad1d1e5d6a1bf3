package org.fieldsync.protocol.wire;

/**
 * Answer to a successful login: a short-lived bearer token and who it belongs to.
 *
 * @param token the JWT to send as {@code Authorization: Bearer <token>}
 * @param tokenType always "Bearer"
 * @param expiresInSeconds lifetime of the token
 * @param user the authenticated user
 * @param refreshToken for a login from an enrolled device: a one-time token that, with the
 *     device's signature, gets the next access token without the password
 */
public record LoginResponse(String token, String tokenType, long expiresInSeconds, UserInfo user,
    String refreshToken) {

  public LoginResponse(String token, String tokenType, long expiresInSeconds, UserInfo user) {
    this(token, tokenType, expiresInSeconds, user, null);
  }

  @Override
  public String toString() {
    return "LoginResponse[expiresInSeconds=" + expiresInSeconds + ", user=" + user + "]";
  }
}
