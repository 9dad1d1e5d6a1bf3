package org.fieldsync.client.internal.security;

/**
 * Where an enrolled device keeps its refresh token, and how it signs with its device key: what
 * the server client needs from the device to sign in without the password. Each method may answer
 * null when the device is locked or not enrolled: then the password is used.
 */
public interface DeviceSession {
  /** A device with nowhere to keep a token and nothing to sign with. */
  DeviceSession NONE = new DeviceSession() {
    @Override
    public String refreshToken() {
      return null;
    }

    @Override
    public void keepRefreshToken(String token) {
      // Nowhere to keep it: the next sign-in uses the password.
    }

    @Override
    public String sign(byte[] payload) {
      return null;
    }
  };

  /** The kept refresh token, or null. */
  String refreshToken();

  /** Keeps the next refresh token; null forgets it. */
  void keepRefreshToken(String token);

  /** The device key's signature of {@code payload} (base64url), or null. */
  String sign(byte[] payload);
}
