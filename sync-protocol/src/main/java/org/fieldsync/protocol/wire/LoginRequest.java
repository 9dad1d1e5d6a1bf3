package org.fieldsync.protocol.wire;

/**
 * Body of {@code POST /api/v1/auth/login}.
 *
 * @param username the user's login name
 * @param password the password (sent only over TLS in production)
 * @param deviceId the device logging in, optional
 */
public record LoginRequest(String username, String password, String deviceId) {
  @Override
  public String toString() {
    return "LoginRequest[username=" + username + ", deviceId=" + deviceId + "]";
  }
}
