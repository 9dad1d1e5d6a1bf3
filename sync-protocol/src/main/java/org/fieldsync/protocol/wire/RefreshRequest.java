package org.fieldsync.protocol.wire;

import java.nio.charset.StandardCharsets;

/**
 * Body of {@code POST /api/v1/auth/refresh}: the next access token for an enrolled device, without
 * the password. The refresh token alone is not enough; the device proves it holds its enrolled
 * Ed25519 key by signing {@link #signingBytes(String, String)}.
 *
 * @param refreshToken the one-time refresh token from the last login or refresh
 * @param deviceId the enrolled device the token was issued to
 * @param signature the device's Ed25519 signature of {@link #signingBytes}, base64url
 */
public record RefreshRequest(String refreshToken, String deviceId, String signature) {
  private static final String DOMAIN = "fieldsync.refresh.v1";

  /**
   * What the device signs: a fixed domain label (so a revision signature can never serve as a
   * refresh signature, nor the other way round), the device id and the token, NUL-separated.
   */
  public static byte[] signingBytes(String deviceId, String refreshToken) {
    return (DOMAIN + '\0' + deviceId + '\0' + refreshToken).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "RefreshRequest[deviceId=" + deviceId + "]";
  }
}
