package org.fieldsync.protocol.wire;

import java.nio.charset.StandardCharsets;

/**
 * Body of {@code POST /api/v1/auth/login}.
 *
 * <p>A tablet enrolled for the user may prove it is that tablet by signing the sign-in with its
 * device key ({@link #signingBytes}): such a sign-in is throttled only by its own device's
 * failures, never by a limit someone else's address ran up (PROTOCOL.md 8.1b).
 *
 * @param username the user's login name
 * @param password the password (sent only over TLS in production)
 * @param deviceId the device logging in, optional
 * @param signedAt when the device signed this sign-in (epoch milliseconds, server time as the
 *     device knows it); with {@code signature}, optional
 * @param signature the device's Ed25519 signature of {@link #signingBytes}, base64url; optional
 */
public record LoginRequest(String username, String password, String deviceId, Long signedAt,
    String signature) {
  private static final String DOMAIN = "fieldsync.login.v1";

  /** A sign-in without a device signature. */
  public LoginRequest(String username, String password, String deviceId) {
    this(username, password, deviceId, null, null);
  }

  /**
   * What a device signs to prove a sign-in is its own: a fixed domain label (so no revision or
   * refresh signature can serve here), the device id, the user name and the time, NUL-separated.
   * The time bounds how long a copied signature could be replayed; the password is never in it.
   */
  public static byte[] signingBytes(String deviceId, String username, long signedAt) {
    return (DOMAIN + '\0' + deviceId + '\0' + username + '\0' + signedAt)
        .getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "LoginRequest[username=" + username + ", deviceId=" + deviceId + ", signed="
        + (signature != null) + "]";
  }
}
