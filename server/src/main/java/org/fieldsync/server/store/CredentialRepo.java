package org.fieldsync.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Credentials other than passwords: a device's one-time refresh tokens (stored hashed, rotated
 * on every use) and access tokens ended early by logout.
 */
public final class CredentialRepo {
  private final Session s;

  CredentialRepo(Session s) {
    this.s = s;
  }

  /** Stores a new refresh token (its hash) for a sign-in from an enrolled device. */
  public void addRefreshToken(String hash, String userId, String deviceId, long at,
      long expiresAt, long sessionEndsAt) throws SQLException {
    s.bind("INSERT INTO refresh_tokens (token_hash, user_id, device_id, issued_at, expires_at,"
        + " session_ends_at) VALUES (?, ?, ?, ?, ?, ?)", hash, userId, deviceId, at,
        Math.min(expiresAt, sessionEndsAt), sessionEndsAt).executeUpdate();
  }

  /**
   * Spends the refresh token {@code hash} presented by {@code deviceId} and, when that succeeds,
   * stores its successor {@code nextHash}, which lapses {@code idleMillis} after {@code now} or
   * when the original sign-in's session ends, whichever is first.
   *
   * @param graceMillis how long after spending a token the same token may be presented again
   *     (a lost answer) before that counts as reuse
   */
  public RefreshSpend rotateRefreshToken(String hash, String deviceId, String nextHash, long now,
      long idleMillis, long graceMillis) throws SQLException {
    String user;
    String device;
    Long used;
    long expires;
    long sessionEnds;
    String replacedBy;
    try (ResultSet rs = s.bind("SELECT user_id, device_id, used_at, expires_at, session_ends_at,"
        + " replaced_by FROM refresh_tokens WHERE token_hash = ?", hash).executeQuery()) {
      if (!rs.next()) {
        return new RefreshSpend(RefreshSpend.Outcome.UNKNOWN, null);
      }
      user = rs.getString(1);
      device = rs.getString(2);
      long u = rs.getLong(3);
      used = rs.wasNull() ? null : u;
      expires = rs.getLong(4);
      sessionEnds = rs.getLong(5);
      replacedBy = rs.getString(6);
    }
    if (!device.equals(deviceId)) {
      endRefreshTokens(device, now); // another device holds this device's token
      return new RefreshSpend(RefreshSpend.Outcome.OTHER_DEVICE, null);
    }
    if (expires <= now || sessionEnds <= now) {
      return new RefreshSpend(RefreshSpend.Outcome.EXPIRED, null);
    }
    RefreshSpend.Outcome outcome = RefreshSpend.Outcome.ROTATED;
    if (used != null) {
      boolean retry = replacedBy != null && now - used <= graceMillis
          && s.bind("UPDATE refresh_tokens SET used_at = ? WHERE token_hash = ?"
              + " AND used_at IS NULL", now, replacedBy).executeUpdate() == 1;
      if (!retry) {
        endRefreshTokens(device, now); // a spent token again: someone copied it
        return new RefreshSpend(RefreshSpend.Outcome.REUSED, null);
      }
      outcome = RefreshSpend.Outcome.RETRIED;
      s.bind("UPDATE refresh_tokens SET replaced_by = ? WHERE token_hash = ?", nextHash, hash)
          .executeUpdate();
    } else if (s.bind("UPDATE refresh_tokens SET used_at = ?, replaced_by = ?"
        + " WHERE token_hash = ? AND used_at IS NULL", now, nextHash, hash)
        .executeUpdate() != 1) {
      endRefreshTokens(device, now); // spent by a concurrent request a moment ago
      return new RefreshSpend(RefreshSpend.Outcome.REUSED, null);
    }
    addRefreshToken(nextHash, user, device, now, now + idleMillis, sessionEnds);
    return new RefreshSpend(outcome, user);
  }

  /** Ends every unspent refresh token of a device (logout, revocation, suspected copying). */
  public void endRefreshTokens(String deviceId, long now) throws SQLException {
    s.bind("UPDATE refresh_tokens SET used_at = ? WHERE device_id = ? AND used_at IS NULL", now,
        deviceId).executeUpdate();
  }

  /** Ends an access token before it expires (logout); forgets tokens that have expired. */
  public void revokeToken(String jti, String userId, long expiresAtSeconds) throws SQLException {
    revokeToken(jti, userId, expiresAtSeconds, System.currentTimeMillis() / 1000);
  }

  /** As {@link #revokeToken(String, String, long)}, with the time now (epoch s). */
  public void revokeToken(String jti, String userId, long expiresAtSeconds, long nowSeconds)
      throws SQLException {
    s.bind("DELETE FROM revoked_tokens WHERE expires_at < ?", nowSeconds).executeUpdate();
    s.bind("INSERT INTO revoked_tokens (jti, user_id, expires_at) VALUES (?, ?, ?)"
        + " ON CONFLICT (jti) DO NOTHING", jti, userId, expiresAtSeconds).executeUpdate();
  }

  /** Tokens logged out that have not expired yet: id to expiry (epoch seconds). */
  public Map<String, Long> revokedTokens(long nowSeconds) throws SQLException {
    Map<String, Long> out = new HashMap<>();
    try (ResultSet rs = s.bind("SELECT jti, expires_at FROM revoked_tokens WHERE expires_at >= ?",
        nowSeconds).executeQuery()) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getLong(2));
      }
    }
    return out;
  }
}
